// Client-specific routes in a sidecar's outbound RouteConfiguration (issue #4), as istiod builds them:
// route.go `sourceMatchHTTP` (match `gateways` decide alone; else `sourceLabels` ⊆ proxy labels and
// `sourceNamespace`), and a mesh VirtualService that yields no route for the proxy ("no routes matched",
// `buildSidecarVirtualHostsForVirtualService` returns no virtual host) leaves its service the default route
// (`BuildSidecarVirtualHostWrapper` → `buildSidecarVirtualHostForService`).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { VirtualHost } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { buildOutbound } from "../../compiler/emit/envoy/outbound/index.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { DEFAULT_RETRY_POLICY, json } from "./_support.ts";

const BASE = `apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: a, namespace: default}
spec: {selector: {app: a}, ports: [{name: http, port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: a-v1, namespace: default}
spec: {template: {metadata: {labels: {app: a, version: v1}}, spec: {containers: [{name: c, image: i}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: default}
spec: {selector: {app: b}, ports: [{name: http, port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: b-v1, namespace: default}
spec: {template: {metadata: {labels: {app: b, version: v1}}, spec: {containers: [{name: c, image: i}]}}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: b, namespace: default}
spec:
  hosts: [b]
  http:
`;

const FQDN = "b.default.svc.cluster.local";

/** The proto3 JSON of a-v1's virtual host for b on port 80, under the VirtualService rules `http`. */
function vhostOfB(http: string): unknown {
  const { ir, diagnostics } = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": BASE + http }) });
  if (ir === undefined) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  const routes = buildOutbound(ir, ir.workloads.find((w) => w.name === "a-v1")!).routes.find((r) => r.name === "80")!;
  const vh = routes.virtualHosts.find((v) => v.name === `${FQDN}:80`);
  return vh === undefined ? undefined : json(VirtualHost, vh);
}

const DOMAINS = [FQDN, `${FQDN}.`, "b", "b.default.svc", "b.default"];
/** route.go `BuildDefaultHTTPOutboundRoute`. */
const DEFAULT_VHOST = {
  name: `${FQDN}:80`,
  domains: DOMAINS,
  routes: [
    {
      name: "default",
      match: { prefix: "/" },
      route: {
        cluster: `outbound|80||${FQDN}`,
        timeout: "0s",
        retry_policy: DEFAULT_RETRY_POLICY,
        max_grpc_timeout: "0s",
      },
      decorator: { operation: `${FQDN}:80/*` },
    },
  ],
  include_request_attempt_count: true,
};
const routeNames = (vh: unknown) =>
  (vh as { routes: { name: string; match: unknown }[] }).routes.map((r) => [r.name, r.match]);

const emitted = suite("sidecar outbound routes per client (route.go sourceMatchHTTP, BuildSidecarVirtualHostWrapper)");

emitted("every match excluded by sourceLabels: the default route, not the catch-all", () => {
  assert.equal(
    vhostOfB("  - {name: r, match: [{sourceLabels: {app: z}}], route: [{destination: {host: b}}]}\n"),
    DEFAULT_VHOST,
  );
});

emitted("every match excluded by gateways without mesh / by port: the default route", () => {
  assert.equal(
    vhostOfB("  - {name: r, match: [{gateways: [gw]}, {port: 8080}], route: [{destination: {host: b}}]}\n"),
    DEFAULT_VHOST,
  );
});

emitted("gateways [mesh] with sourceLabels the client lacks: the route is generated (sourceLabels not checked)", () => {
  const vh = vhostOfB(
    "  - {name: r, match: [{gateways: [mesh], sourceLabels: {app: z}, uri: {prefix: /x}}], route: [{destination: {host: b}}]}\n",
  );
  assert.equal(routeNames(vh), [["r", { prefix: "/x", case_sensitive: true }]]);
});

emitted("gateways [gw] with the client's labels: not generated; the next rule is", () => {
  const vh = vhostOfB(
    "  - {name: r1, match: [{gateways: [gw], sourceLabels: {app: a}}], route: [{destination: {host: b}}]}\n" +
      "  - {name: r2, match: [{uri: {prefix: /y}}], route: [{destination: {host: b}}]}\n",
  );
  assert.equal(routeNames(vh), [["r2", { prefix: "/y", case_sensitive: true }]]);
});

emitted.run();
