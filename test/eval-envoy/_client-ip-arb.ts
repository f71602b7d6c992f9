/**
 * Client addresses for the engines' differential test (compiler/eval/_shared/xff.ts, docs/requests.md "Client
 * addresses and X-Forwarded-For"), on top of `_gateway-api-arb.ts`'s meshes: one mesh in two gets AuthorizationPolicies
 * `ip1`/`ip2` on the ingress gateway pod, on a service's sidecars or on `default`, ALLOW or DENY, whose rules read
 * `ipBlocks`, `notIpBlocks`, `remoteIpBlocks`, `notRemoteIpBlocks` or the `source.ip` / `remote.ip` conditions (IPv4
 * and IPv6 addresses and ranges, the declared gateway pod's own address); one in three a MeshConfig `defaultConfig`
 * with `gatewayTopology.numTrustedProxies` 0–3; one in three a declared gateway pod with a `proxy.istio.io/config`
 * annotation (1–2 trusted proxies) and one in two a pod address. Requests: one in two from `outside` or through an
 * ingress gateway gets an `ip` (IPv4, IPv6, loopback, the load balancer's); one in two an `X-Forwarded-For` header
 * (one or several entries, spaces, an entry that is no address, a trailing comma, fewer entries than trusted hops,
 * an upper-case IPv6 address, empty).
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { meshArb as gatewayApiMeshArb, requestArb as gatewayApiRequestArb } from "./_gateway-api-arb.ts";
import { pick } from "./_route-arb.ts";
import type { GeneratedMesh, Svc } from "./_tcp-arb.ts";

/** The declared gateway pod's address, when the mesh gives it one. */
const GATEWAY_POD_IP = "10.244.9.9";
const BLOCKS = ["203.0.113.0/24", "198.51.100.7", GATEWAY_POD_IP, "2001:db8::/32", "0.0.0.0/0", "10.0.0.0/8"];
const CLIENT_IPS = ["203.0.113.7", "198.51.100.7", "10.0.0.5", "127.0.0.1", "2001:db8::7", "192.0.2.1"];
const XFFS = [
  "203.0.113.7",
  "198.51.100.7, 10.0.0.5",
  " 203.0.113.9 ,198.51.100.7",
  "junk",
  "203.0.113.7,",
  "2001:DB8::7, 10.0.0.5",
  "198.51.100.7, 203.0.113.7, 192.0.2.1",
  "",
];

const list = (xs: readonly string[]) => `[${xs.map((x) => `"${x}"`).join(", ")}]`;
const blocks = fc.subarray(BLOCKS, { minLength: 1, maxLength: 2 });

/** One rule reading the client's addresses: source fields, or `when` conditions on source.ip / remote.ip. */
const ruleArb = fc.oneof(
  fc
    .record({
      ipBlocks: fc.option(blocks, { nil: undefined }),
      notIpBlocks: fc.option(blocks, { nil: undefined, freq: 3 }),
      remoteIpBlocks: fc.option(blocks, { nil: undefined }),
      notRemoteIpBlocks: fc.option(blocks, { nil: undefined, freq: 3 }),
    })
    .map((s) => {
      const fields = Object.entries(s)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}: ${list(v!)}`);
      return fields.length === 0
        ? `{from: [{source: {remoteIpBlocks: ["0.0.0.0/0"]}}]}`
        : `{from: [{source: {${fields.join(", ")}}}]}`;
    }),
  fc
    .record({ key: pick(["source.ip", "remote.ip"]), values: blocks, not: fc.boolean() })
    .map((w) => `{when: [{key: ${w.key}, ${w.not ? "notValues" : "values"}: ${list(w.values)}}]}`),
);

const policyArb = (services: readonly Svc[], name: string): fc.Arbitrary<string> =>
  fc
    .record({
      where: pick(["gateway", "gateway", "sidecar", "namespace"]),
      svc: pick(services.map((s) => s.name)),
      action: pick(["ALLOW", "DENY"]),
      rules: fc.array(ruleArb, { minLength: 1, maxLength: 2 }),
    })
    .map(
      (p) => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: ${p.where === "gateway" ? "istio-system" : "default"}}
spec:
  action: ${p.action}
${p.where === "gateway" ? "  selector: {matchLabels: {istio: ingressgateway}}\n" : p.where === "sidecar" ? `  selector: {matchLabels: {app: ${p.svc}}}\n` : ""}  rules: [${p.rules.join(", ")}]
`,
    );

const meshConfigArb = fc.integer({ min: 0, max: 3 }).map(
  (n) => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultConfig:
      gatewayTopology:
        numTrustedProxies: ${n}
`,
);

/** The declared ingress gateway pod's template (test/support/ingress-pod.ts and _ingress-arb.ts write it so). */
const POD_TEMPLATE = /^(spec: \{template: \{metadata: \{labels: \{istio: ingressgateway\})\}/m;

/**
 * FNV-1a of `text`, then a xorshift stream: this layer's choices are a function of the sample below it, so it draws
 * nothing from fast-check's stream and the layers below generate the same meshes and requests as without it.
 */
function choices(text: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return () => {
    h ^= h << 13;
    h >>>= 0;
    h ^= h >>> 17;
    h ^= h << 5;
    h >>>= 0;
    return h;
  };
}

/** A value of `arb` chosen by `next` (fast-check's `generate` with a seeded random, no shrinking needed). */
const drawn = <T>(arb: fc.Arbitrary<T>, next: () => number): T => fc.sample(arb, { numRuns: 1, seed: next() })[0]!;

export const meshArb: fc.Arbitrary<GeneratedMesh> = gatewayApiMeshArb.map((m) => {
  const next = choices(m.yaml);
  const c = {
    policies:
      next() % 2 === 0
        ? [
            drawn(policyArb(m.services, "ip1"), next),
            ...(next() % 2 === 0 ? [drawn(policyArb(m.services, "ip2"), next)] : []),
          ]
        : [],
    meshConfig: next() % 3 === 0 ? drawn(meshConfigArb, next) : "",
    annotation: next() % 3 === 0 ? 1 + (next() % 2) : undefined,
    podIp: next() % 2 === 0,
  };
  let yaml = m.yaml;
  if (c.annotation !== undefined)
    yaml = yaml.replace(
      POD_TEMPLATE,
      `$1, annotations: {proxy.istio.io/config: '{"gatewayTopology": {"numTrustedProxies": ${c.annotation}}}'}}`,
    );
  if (c.podIp)
    yaml = yaml.replace(
      /^(spec: \{template: \{metadata: \{labels: \{istio: ingressgateway\}.*)$/m,
      `$1\nstatus: {podIP: ${GATEWAY_POD_IP}}`,
    );
  return { yaml: yaml + c.meshConfig + c.policies.join(""), services: m.services };
});

/** `_gateway-api-arb.ts`'s requests, with a client address (`outside`, `ingress`) and X-Forwarded-For, each one in two. */
export const requestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  gatewayApiRequestArb(services).map((req): SimRequest => {
    const next = choices(JSON.stringify(req));
    const ip = next() % 2 === 0 ? CLIENT_IPS[next() % CLIENT_IPS.length] : undefined;
    const xff = next() % 2 === 0 ? XFFS[next() % XFFS.length] : undefined;
    const http = req.scheme !== "tcp" && req.scheme !== "tls";
    return {
      ...req,
      ...(ip !== undefined && req.source.kind !== "workload" ? { ip } : {}),
      ...(xff !== undefined && http ? { headers: { ...req.headers, "x-forwarded-for": xff } } : {}),
    };
  });
