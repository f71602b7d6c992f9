/**
 * Sidecar SNI routing for the engines' differential test (compiler/eval/istio/sni.ts vs envoy/engine/tcp.ts): on top
 * of the meshes of `_vip-arb.ts`, one in two gets ServiceEntries with TLS ports on 443 (`a.tls.example.com`,
 * `b.tls.example.com`, `*.wild.example.com`; one in three with `addresses`, so its chain has no SNI) and up to two
 * VirtualServices with `tls` routes (sniHosts among those names and a `*.` one, some with sourceLabels, port or
 * gateways that do or do not hold for the client, destinationSubnets, one or two weighted destinations, weight 0
 * included), as istio tls.go `buildSidecarOutboundTLSFilterChainOpts` reads them. Requests: `tls://` and `https://`
 * to those hosts and to a host outside the registry, with or without `sni`, from sidecars (some `plaintext`) and
 * from outside.
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { meshArb as vipMeshArb, requestArb as vipRequestArb } from "./_vip-arb.ts";
import type { GeneratedMesh, Svc } from "./_tcp-arb.ts";
import { pick } from "./_route-arb.ts";

const NAMES = [
  "a.tls.example.com",
  "b.tls.example.com",
  "x.wild.example.com",
  "*.wild.example.com",
  "*.tls.example.com",
];
const DESTS = ["a.tls.example.com", "b.tls.example.com", "x.wild.example.com"];

const matchArb = (services: readonly Svc[]) =>
  fc
    .record({
      sni: fc.subarray(NAMES, { minLength: 1, maxLength: 2 }),
      extra: pick(["", "", "", "labels", "port", "otherPort", "gateway", "subnet"] as const),
      app: pick(services.map((s) => s.name)),
    })
    .map((m) => {
      const extra =
        m.extra === "labels"
          ? `, sourceLabels: {app: ${m.app}}`
          : m.extra === "port"
            ? ", port: 443"
            : m.extra === "otherPort"
              ? ", port: 8443"
              : m.extra === "gateway"
                ? ", gateways: [istio-system/other]"
                : m.extra === "subnet"
                  ? ", destinationSubnets: [10.1.0.0/16]"
                  : "";
      return `{sniHosts: [${m.sni.map((h) => JSON.stringify(h)).join(", ")}]${extra}}`;
    });

const ruleArb = (services: readonly Svc[]) =>
  fc
    .record({
      matches: fc.array(matchArb(services), { minLength: 1, maxLength: 2 }),
      dests: fc.array(fc.record({ host: pick(DESTS), weight: pick([0, 20, 80, 100]) }), { minLength: 1, maxLength: 2 }),
    })
    .map(
      (r) =>
        `  - match: [${r.matches.join(", ")}]\n    route: [${r.dests.map((d) => `{destination: {host: ${d.host}, port: {number: 443}}${r.dests.length > 1 ? `, weight: ${d.weight}` : ""}}`).join(", ")}]\n`,
    );

const vsArb = (services: readonly Svc[], i: number) =>
  fc
    .record({
      hosts: pick([["a.tls.example.com"], ["*.tls.example.com"], ["x.wild.example.com", "b.tls.example.com"]]),
      rules: fc.array(ruleArb(services), { minLength: 1, maxLength: 2 }),
    })
    .map(
      (v) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: sni-${i}, namespace: default}
spec:
  hosts: [${v.hosts.map((h) => JSON.stringify(h)).join(", ")}]
  tls:
${v.rules.join("")}`,
    );

const tlsArb = (services: readonly Svc[]) =>
  fc
    .record({
      addresses: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
      vss: fc
        .integer({ min: 0, max: 2 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => vsArb(services, i)))),
    })
    .map(
      (t) => `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: tls-ab, namespace: default}
spec:
  hosts: [a.tls.example.com, b.tls.example.com]
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: tls-wild, namespace: default}
spec:
  hosts: ["*.wild.example.com"${t.addresses ? "" : ", x.wild.example.com"}]
${t.addresses ? "  addresses: [240.0.0.1]\n" : ""}  ports: [{number: 443, name: https, protocol: HTTPS}]
  resolution: ${t.addresses ? "STATIC\n  endpoints: [{address: 240.0.0.9}]" : "NONE"}
${t.addresses ? "---\napiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: tls-x, namespace: default}\nspec:\n  hosts: [x.wild.example.com]\n  ports: [{number: 443, name: tls, protocol: TLS}]\n  resolution: DNS\n" : ""}${t.vss.join("")}`,
    );

/** Meshes with the TLS part; their services list is marked so `requestArb` sends TLS requests too. */
const TLS_MESHES = new WeakSet<readonly Svc[]>();

export const meshArb: fc.Arbitrary<GeneratedMesh> = vipMeshArb.chain((m) =>
  fc.boolean().chain((withTls) =>
    withTls
      ? tlsArb(m.services).map((yaml) => {
          // The same list: the layers below key their parts on it (a copy would lose their requests).
          TLS_MESHES.add(m.services);
          return { yaml: m.yaml + yaml, services: m.services };
        })
      : fc.constant(m),
  ),
);

const tlsRequestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      source: pick([...services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`)), "outside"]),
      scheme: pick(["tls", "tls", "https"] as const),
      host: pick([...DESTS, "y.wild.example.com", "other.example.org"]),
      sni: fc.option(pick([...DESTS, "z.wild.example.com", "c.tls.example.com", "other.example.org"]), {
        nil: undefined,
      }),
      plaintext: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    })
    .map(
      (r): SimRequest => ({
        method: r.scheme === "https" ? "GET" : "",
        scheme: r.scheme,
        host: r.host,
        port: 443,
        path: r.scheme === "https" ? "/" : "",
        query: "",
        headers: {},
        source:
          r.source === "outside"
            ? { kind: "outside" }
            : { kind: "workload", namespace: "default", name: r.source.split("/")[1]! },
        ...(r.sni === undefined ? {} : { sni: r.sni }),
        plaintext: r.plaintext,
      }),
    );

/** `_vip-arb.ts`'s requests, and for meshes with the TLS part one in two a `tls://` or `https://` request. */
export const requestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  TLS_MESHES.has(services)
    ? fc.oneof({ weight: 1, arbitrary: vipRequestArb(services) }, { weight: 1, arbitrary: tlsRequestArb(services) })
    : vipRequestArb(services);

/** Whether a request is one of this file's TLS requests (for the test's summary line). */
export const isSniRequest = (r: SimRequest): boolean => (r.scheme === "tls" || r.scheme === "https") && r.port === 443;
