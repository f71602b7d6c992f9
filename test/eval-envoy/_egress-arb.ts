/**
 * Egress-gateway paths for the engines' differential test (docs/results.md "Hops"): on top of the meshes of
 * `_tcp-arb.ts`, one in two gets a declared egress gateway pod (`istio-system/egress`, behind its Service, 80→8080
 * and 443→8443), a ServiceEntry `api.example.com` (80 HTTP, 443 HTTPS), a Gateway on the pod (an HTTP server, an
 * ISTIO_MUTUAL or SIMPLE HTTPS server on 80, or a PASSTHROUGH server), a DestinationRule for the gateway (a subset,
 * ISTIO_MUTUAL with or without `sni`, DISABLE, or none), a VirtualService bound to `mesh` and the Gateway (mesh →
 * gateway, gateway → the external host on 80 or 443), TLS origination for the external host (SIMPLE on 443, or
 * none) and an AuthorizationPolicy on the gateway pod (ALLOW by a client's principal, DENY by path, or none), as in
 * Istio's "Egress Gateways" and "Egress Gateways with TLS Origination" tasks; one in two also gets that task's HTTPS
 * section: a PASSTHROUGH server on 443 for api.example.com and `tls` routes on its SNI (mesh → gateway, gateway → the
 * external host). Requests: `GET http://api.example.com:80` from sidecars (some `plaintext`), from outside, and
 * straight to the gateway's Service; `tls://` and `https://` to api.example.com:443 with its own SNI or another.
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { meshArb as tcpMeshArb, requestArb as tcpRequestArb, type GeneratedMesh, type Svc } from "./_tcp-arb.ts";
import { pick } from "./_route-arb.ts";

const GW = "egress.istio-system.svc.cluster.local";

const egressArb = (services: readonly Svc[]) =>
  fc
    .record({
      server: pick(["http", "istio", "simple", "passthrough"] as const),
      gwDr: pick(["none", "subset", "mutual", "mutual-sni", "disable"] as const),
      upstreamPort: pick([80, 443] as const),
      originate: fc.boolean(),
      ap: pick(["none", "allow", "deny"] as const),
      allowed: pick(services.flatMap((s) => s.versions.map((v) => `${s.name}-${v}`))),
      sidecar: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      tlsRoutes: fc.boolean(),
    })
    .map((e) => {
      const server =
        e.server === "http"
          ? `{port: {number: 80, name: http, protocol: HTTP}, hosts: [api.example.com]}`
          : e.server === "passthrough"
            ? `{port: {number: 80, name: tls, protocol: TLS}, hosts: [api.example.com], tls: {mode: PASSTHROUGH}}`
            : `{port: {number: 80, name: https, protocol: HTTPS}, hosts: [api.example.com], tls: {mode: ${e.server === "istio" ? "ISTIO_MUTUAL" : "SIMPLE, credentialName: egress-cert"}}}`;
      const tls =
        e.gwDr === "mutual"
          ? "\n    trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}"
          : e.gwDr === "mutual-sni"
            ? "\n    trafficPolicy: {tls: {mode: ISTIO_MUTUAL, sni: api.example.com}}"
            : e.gwDr === "disable"
              ? "\n    trafficPolicy: {tls: {mode: DISABLE}}"
              : "";
      const dr =
        e.gwDr === "none"
          ? ""
          : `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egress-gw, namespace: default}
spec:
  host: ${GW}
  subsets:
  - name: api${tls}
`;
      const subset = e.gwDr === "none" ? "" : ", subset: api";
      // "Egress Gateways", section "Egress gateway for HTTPS traffic": the client's TLS by SNI through the gateway.
      const passthrough = e.tlsRoutes
        ? `, {port: {number: 443, name: tls-passthrough, protocol: TLS}, hosts: [api.example.com], tls: {mode: PASSTHROUGH}}`
        : "";
      const tlsRoutes = e.tlsRoutes
        ? `  tls:
  - match: [{gateways: [mesh], port: 443, sniHosts: [api.example.com]}]
    route: [{destination: {host: ${GW}${subset}, port: {number: 443}}}]
  - match: [{gateways: [istio-system/egress], port: 443, sniHosts: [api.example.com]}]
    route: [{destination: {host: api.example.com, port: {number: 443}}}]
`
        : "";
      const originate =
        e.originate && e.upstreamPort === 443
          ? `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: originate, namespace: default}
spec:
  host: api.example.com
  trafficPolicy:
    portLevelSettings:
    - port: {number: 443}
      tls: {mode: SIMPLE}
`
          : "";
      const ap =
        e.ap === "none"
          ? ""
          : `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: egress-policy, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: egressgateway}}
  action: ${e.ap === "allow" ? "ALLOW" : "DENY"}
  rules: [${e.ap === "allow" ? `{from: [{source: {principals: [cluster.local/ns/default/sa/${e.allowed}]}}]}` : `{to: [{operation: {paths: [/admin*]}}]}`}]
`;
      return `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: egress, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: egressgateway}}
  template:
    metadata: {labels: {istio: egressgateway}${e.sidecar ? ', annotations: {sidecar.istio.io/inject: "true"}' : ""}}
    spec: {serviceAccountName: egress-sa, containers: [{name: istio-proxy, image: proxyv2}]}
---
apiVersion: v1
kind: Service
metadata: {name: egress, namespace: istio-system}
spec:
  selector: {istio: egressgateway}
  ports: [{name: http2, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: 8443}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: default}
spec:
  hosts: [api.example.com]
  ports: [{number: 80, name: http, protocol: HTTP}, {number: 443, name: https, protocol: HTTPS}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: egress, namespace: istio-system}
spec:
  selector: {istio: egressgateway}
  servers: [${server}${passthrough}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api-via-egress, namespace: default}
spec:
  hosts: [api.example.com]
  gateways: [mesh, istio-system/egress]
  http:
  - match: [{gateways: [mesh], port: 80}]
    route: [{destination: {host: ${GW}${subset}, port: {number: 80}}}]
  - match: [{gateways: [istio-system/egress], port: 80}]
    route: [{destination: {host: api.example.com, port: {number: ${e.upstreamPort}}}}]
${tlsRoutes}${dr}${originate}${ap}`;
    });

/** Meshes with an egress gateway part; their services list is marked so `requestArb` sends egress requests too. */
const EGRESS = new WeakSet<readonly Svc[]>();

export const meshArb: fc.Arbitrary<GeneratedMesh> = tcpMeshArb.chain((m) =>
  fc.boolean().chain((withEgress) =>
    withEgress
      ? egressArb(m.services).map((yaml) => {
          // The same list, which _tcp-arb.ts keys its TCP service and headless Service on (a copy lost them).
          EGRESS.add(m.services);
          return { yaml: m.yaml + yaml, services: m.services };
        })
      : fc.constant(m),
  ),
);

const egressRequestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      source: pick([...services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`)), "outside"]),
      host: pick(["api.example.com", "api.example.com", "api.example.com", "egress.istio-system"]),
      path: pick(["/", "/admin/x"]),
      plaintext: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    })
    .map(
      (r): SimRequest => ({
        method: "GET",
        scheme: "http",
        host: r.host,
        port: 80,
        path: r.path,
        query: "",
        headers: {},
        source:
          r.source === "outside"
            ? { kind: "outside" }
            : { kind: "workload", namespace: "default", name: r.source.split("/")[1]! },
        plaintext: r.plaintext,
      }),
    );

/** The client's own TLS to api.example.com:443: `tls://` or `https://`, with its own SNI or another. */
const egressTlsRequestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      source: pick([...services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`)), "outside"]),
      scheme: pick(["tls", "https"] as const),
      sni: fc.option(pick(["api.example.com", "other.example.com"]), { nil: undefined }),
    })
    .map(
      (r): SimRequest => ({
        method: r.scheme === "https" ? "GET" : "",
        scheme: r.scheme,
        host: "api.example.com",
        port: 443,
        path: r.scheme === "https" ? "/" : "",
        query: "",
        headers: {},
        source:
          r.source === "outside"
            ? { kind: "outside" }
            : { kind: "workload", namespace: "default", name: r.source.split("/")[1]! },
        ...(r.sni === undefined ? {} : { sni: r.sni }),
        plaintext: false,
      }),
    );

/** `_tcp-arb.ts`'s requests, and for meshes with an egress gateway one in two through it (one in three with TLS). */
export const requestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  EGRESS.has(services)
    ? fc.oneof(
        { weight: 2, arbitrary: tcpRequestArb(services) },
        { weight: 2, arbitrary: egressRequestArb(services) },
        { weight: 2, arbitrary: egressTlsRequestArb(services) },
      )
    : tcpRequestArb(services);
