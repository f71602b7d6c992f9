/**
 * A listener port's registry (istio httproute.go `BuildSidecarOutboundVirtualHosts` `servicesByName`: the services
 * having the port) and what it decides: which VirtualService hosts are virtual hosts of their own on a port (route.go
 * `separateVSHostsAndServices`), the port-80-only rule for a VirtualService naming no HTTP service of the port
 * (`buildSidecarVirtualHostsForVirtualService`, "a gross HACK"), and a sidecar's request to a port its Service lacks
 * (the Istio "Egress Gateways with TLS Origination" task's mutual TLS section sends port 80 of a 443-only Service).
 * Each request case on both engines, which must agree exactly; the emitter's RouteConfigurations checked directly.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { buildOutbound } from "../../compiler/emit/envoy/index.ts";
import { NS, bothEngines, meshFromYaml, request, service } from "./_support.ts";

const T = suite("a listener port's registry: VirtualService hosts outside it, ports a Service lacks");

/** nginx: a Service with 443 only (a sniffed port, as the task's), in a namespace without injection. */
const NGINX = `---
apiVersion: v1
kind: Namespace
metadata: {name: ext}
---
apiVersion: v1
kind: Service
metadata: {name: nginx, namespace: ext}
spec:
  clusterIP: 10.96.7.7
  selector: {run: nginx}
  ports: [{port: 443, protocol: TCP}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx, namespace: ext}
spec:
  template:
    metadata: {labels: {run: nginx}}
`;
const NGINX_HOST = "nginx.ext.svc.cluster.local";

/** A VirtualService for `hosts` bound to mesh, every request to `to` on `port`. */
const vs = (name: string, hosts: readonly string[], to: string, port: number) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default}
spec:
  hosts: [${hosts.join(", ")}]
  http: [{route: [{destination: {host: ${to}, port: {number: ${port}}}}]}]
`;
const SIDECAR_REGISTRY_ONLY = `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: default}
spec:
  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
`;

const mesh = (yaml = ""): MeshIR =>
  meshFromYaml(NS("default") + service("sleep", "default", [80]) + service("web", "default", [9080]) + NGINX + yaml);
const SLEEP = "default/sleep-v1";

/** The sidecar's virtual hosts of RouteConfiguration `<port>`: name → domains. */
function virtualHosts(ir: MeshIR, workload: string, port: number): Record<string, string[]> {
  const w = ir.workloads.find((x) => x.name === workload)!;
  const route = buildOutbound(ir, w).routes.find((r) => r.name === String(port));
  return Object.fromEntries((route?.virtualHosts ?? []).map((v) => [v.name, v.domains]));
}

T(
  "route.go separateVSHostsAndServices: a VS host naming a Service without port 80 is its own virtual host on 80",
  () => {
    const ir = mesh(vs("to-web", [NGINX_HOST], "web", 9080));
    const on80 = virtualHosts(ir, "sleep-v1", 80);
    assert.equal(on80[`${NGINX_HOST}:80`], [NGINX_HOST]);
    // Not on 9080: the VS names no HTTP service there (the port-80-only rule), nor on nginx's own port 443 (sniffed: its
    // own RouteConfiguration, with the default route).
    assert.not.ok(`${NGINX_HOST}:9080` in virtualHosts(ir, "sleep-v1", 9080));
  },
);

T("a sidecar's request to a port its Service lacks is routed by the VirtualService naming the host (port 80)", () => {
  const ir = mesh(vs("to-web", [NGINX_HOST], "web", 9080));
  const d = bothEngines(ir, request(`http://${NGINX_HOST}:80/`, SLEEP));
  assert.equal(d.route?.resource, "VirtualService default/to-web");
  assert.equal(
    d.outcomes.map((o) => [o.status, o.destination?.service]),
    [[200, "web.default.svc.cluster.local"]],
  );
});

T("without a VirtualService it passes through to the cluster IP, where nothing answers: 503", () => {
  const d = bothEngines(mesh(), request(`http://${NGINX_HOST}:80/`, SLEEP));
  assert.equal(d.route, null);
  const [o] = d.outcomes;
  assert.equal([o!.status, o!.destination?.cluster], [503, "PassthroughCluster"]);
  assert.match(o!.error ?? "", `'${NGINX_HOST}' has no port 80 in the service registry`);
  assert.match(o!.error ?? "", "10.96.7.7 on port 80");
});

T("a TCP connection to a port the Service lacks, through virtualOutbound's catch-all, is closed (status 0)", () => {
  const d = bothEngines(mesh(), request(`http://${NGINX_HOST}:8443/`, SLEEP, { scheme: "tcp", method: "" }));
  assert.equal(
    d.outcomes.map((o) => o.status),
    [0],
  );
});

T("under REGISTRY_ONLY the catch-all route answers 502 (block_all)", () => {
  const d = bothEngines(mesh(SIDECAR_REGISTRY_ONLY), request(`http://${NGINX_HOST}:80/`, SLEEP));
  assert.equal(
    d.outcomes.map((o) => [o.status, o.error]),
    [
      [
        502,
        `'${NGINX_HOST}' has no port 80 in the service registry and the outbound traffic policy is REGISTRY_ONLY (route block_all)`,
      ],
    ],
  );
});

T("without a sidecar the request is still an error (MESH5105): nothing but the Service's ports answers", () => {
  const r = simulate(mesh(), request(`http://${NGINX_HOST}:80/`, "outside"));
  assert.equal(
    r.diagnostics.map((d) => d.code),
    [5105],
  );
});

T("a VS's hosts outside the registry are virtual hosts though another VS claims its service (port 80)", () => {
  // Both list sleep; `a` is older, so it names sleep's virtual host; `b`'s own host still gets one of its own.
  const ir = mesh(
    vs("a", ["sleep.default.svc.cluster.local"], "sleep", 80) +
      vs("b", ["sleep.default.svc.cluster.local", "api.example.com"], "web", 9080),
  );
  const on80 = virtualHosts(ir, "web-v1", 80);
  assert.equal(on80["api.example.com:80"], ["api.example.com"]);
  const d = bothEngines(ir, request("http://api.example.com/", "default/web-v1"));
  assert.equal(d.route?.resource, "VirtualService default/b");
});

T("off port 80, a VS naming an HTTP service of the port builds its other hosts there too", () => {
  // web serves HTTP on 9080: `w` names it, so api.example.com:9080 is a virtual host of RouteConfiguration 9080.
  const ir = mesh(vs("w", ["web.default.svc.cluster.local", "api.example.com"], "web", 9080));
  assert.equal(virtualHosts(ir, "sleep-v1", 9080)["api.example.com:9080"], ["api.example.com"]);
  const d = bothEngines(ir, request("http://api.example.com:9080/", SLEEP));
  assert.equal(d.route?.resource, "VirtualService default/w");
  // A VS naming no service of 9080 builds nothing there: the host outside the registry takes the catch-all.
  const other = mesh(vs("x", ["api.example.com"], "web", 9080));
  assert.not.ok("api.example.com:9080" in virtualHosts(other, "sleep-v1", 9080));
  assert.equal(bothEngines(other, request("http://api.example.com:9080/", SLEEP)).route, null);
});

T.run();
