/**
 * A Service with HTTP, sniffed and TCP ports for the engines' differential test (issue 13): a Service `web` in
 * `default` with a ClusterIP VIP (most meshes; kube/conversion.go ConvertService: `Spec.ClusterIP` is the service's
 * address) and three ports — HTTP 8000, 7070 without a declared protocol (sniffed: the HTTP inspector picks the HTTP
 * chain, the TCP chain is the fallback, listener.go `buildSidecarOutboundListener`) and TCP 7000 — with 1–2
 * versions, and sometimes an AuthorizationPolicy and a PeerAuthentication of its own. Requests go to it by name,
 * short name and VIP, `http://` or `tcp://` (a VIP reaches the service's own listener on each port).
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { pick } from "./_route-arb.ts";

/** web's VIP when written (db2 of _vip-arb.ts has 10.96.7.7). */
export const WEB_VIP = "10.96.7.8";
/** Ports of `web`: HTTP, sniffed (no protocol in the name), TCP. */
export const WEB_PORTS = [
  { name: "http-web", port: 8000 },
  { name: "web", port: 7070 },
  { name: "tcp-web", port: 7000 },
] as const;

export interface Web {
  readonly yaml: string;
  readonly vip: boolean;
  readonly versions: readonly string[];
}

const apArb = fc
  .record({
    action: pick(["ALLOW", "DENY"]),
    rule: pick([
      `{to: [{operation: {paths: ["/a"]}}]}`,
      `{to: [{operation: {methods: [GET], ports: ["8000", "7070"]}}]}`,
      `{to: [{operation: {ports: ["7000"]}}]}`,
      `{from: [{source: {principals: [cluster.local/ns/default/sa/s0]}}]}`,
      `{from: [{source: {namespaces: [legacy]}}]}`,
    ]),
  })
  .map(
    (p) => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: web, namespace: default}
spec:
  selector: {matchLabels: {app: web}}
  action: ${p.action}
  rules: [${p.rule}]
`,
  );

const paArb = fc
  .record({
    mode: pick(["STRICT", "PERMISSIVE", "DISABLE"]),
    port: fc.option(fc.tuple(pick([8000, 7070, 7000, 7777]), pick(["STRICT", "PERMISSIVE", "DISABLE"])), {
      nil: undefined,
    }),
  })
  .map(
    (p) => `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: web, namespace: default}
spec:
  selector: {matchLabels: {app: web}}
  mtls: {mode: ${p.mode}}
${p.port === undefined ? "" : `  portLevelMtls: {${p.port[0]}: {mode: ${p.port[1]}}}\n`}`,
  );

export const webArb: fc.Arbitrary<Web> = fc
  .record({
    vip: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    versions: fc.integer({ min: 1, max: 2 }).map((n) => ["v1", "v2"].slice(0, n)),
    ap: fc.option(apArb, { nil: undefined }),
    pa: fc.option(paArb, { nil: undefined, freq: 3 }),
  })
  .map((w) => ({
    yaml: `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
${w.vip ? `  clusterIP: ${WEB_VIP}\n` : ""}  selector: {app: web}
  ports: [${WEB_PORTS.map((p) => `{name: ${p.name}, port: ${p.port}}`).join(", ")}]
${w.versions
  .map(
    (v) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-${v}, namespace: default}
spec:
  template:
    metadata: {labels: {app: web, version: ${v}}}
    spec: {serviceAccountName: web}
`,
  )
  .join("")}${w.ap ?? ""}${w.pa ?? ""}`,
    vip: w.vip,
    versions: w.versions,
  }));

const sourceOf = (s: string): SimRequest["source"] =>
  s === "outside" ? { kind: "outside" } : { kind: "workload", namespace: s.split("/")[0]!, name: s.split("/")[1]! };

/** A request to `web` (by name, short name, or its VIP) on one of its ports, `http://` or `tcp://`. */
export const webRequestArb = (web: Web, clients: readonly string[]): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      target: fc.oneof(
        { weight: 3, arbitrary: fc.constant("web.default") },
        { weight: 1, arbitrary: fc.constant("web") },
        { weight: web.vip ? 2 : 0, arbitrary: fc.constant(WEB_VIP) },
      ),
      port: pick(WEB_PORTS.map((p) => p.port)),
      tcp: fc.boolean(),
      method: pick(["GET", "POST"]),
      path: pick(["/", "/a", "/b"]),
      source: pick([...clients, ...web.versions.map((v) => `default/web-${v}`), "legacy/old-v1", "outside"]),
    })
    .map((r): SimRequest => {
      const source = sourceOf(r.source);
      // A short name only from `default`'s workloads (it resolves in the client's namespace).
      const host =
        r.target === "web" && (source.kind !== "workload" || source.namespace !== "default") ? "web.default" : r.target;
      const tcp = r.tcp || r.port === 7000;
      return {
        method: tcp ? "" : r.method,
        scheme: tcp ? "tcp" : "http",
        host,
        port: r.port,
        path: tcp ? "" : r.path,
        query: "",
        headers: {},
        source,
        plaintext: false,
      };
    });
