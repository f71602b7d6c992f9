/** Request resolution: host forms (kube DNS search path), port defaulting, and the 51xx diagnostics. */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import { httpView } from "../../compiler/eval/_shared/request.ts";
import { NS, meshFromYaml, request, run, service } from "./_support.ts";

const ir = meshFromYaml(
  NS("default") +
    NS("other") +
    service("a", "default", [80]) +
    service("b", "other", [80, 81]) +
    service("c", "other", [8080]) +
    service("d", "other", []) +
    service("e", "other", [8080, 8081]),
);
const A = "default/a-v1";

const hosts = suite("host resolution (kube DNS search path <ns>.svc.cluster.local, svc.cluster.local)");

hosts("short name in the source's namespace, name.namespace, FQDN; the only port by default", () => {
  const host = (url: string) => {
    const r = run(ir, request(url, A)).request;
    return [r.host, r.port];
  };
  assert.equal(host("http://a/"), ["a.default.svc.cluster.local", 80]);
  assert.equal(host("http://c.other/"), ["c.other.svc.cluster.local", 8080]);
  assert.equal(host("http://b.other.svc.cluster.local:81/"), ["b.other.svc.cluster.local", 81]);
  assert.equal(host("http://example.com/"), ["example.com", 80]);
});

hosts(
  "several ports and none written: the scheme's own port, which curl dials (80 for http://, 443 for https://)",
  () => {
    const port = (url: string, scheme: "http" | "https" = "http") =>
      run(ir, { ...request(url, A), scheme }).request.port;
    assert.is(port("http://b.other/"), 80);
    const tls = meshFromYaml(
      NS("default") +
        service("a", "default", [80]) +
        service("s", "default", [443, 8443]).replace(/name: http-/g, "name: https-"),
    );
    assert.is(run(tls, { ...request("http://s/", A), scheme: "https" }).request.port, 443);
  },
);

hosts(
  "a ServiceEntry of the client's namespace declaring a Service's name of another namespace takes its place",
  () => {
    // Istio's "Egress TLS Origination" task: istiod sidecar.go selectServices picks, per hostname, the service of the
    // proxy's own namespace; the name still resolves to the Service's cluster IP.
    const mesh = meshFromYaml(
      NS("default") +
        NS("third") +
        service("a", "default", [80]) +
        service("t", "third", [80]) +
        `---
apiVersion: v1
kind: Namespace
metadata: {name: mesh-external}
---
apiVersion: v1
kind: Service
metadata: {name: my-nginx, namespace: mesh-external}
spec:
  clusterIP: 10.96.7.7
  ports: [{port: 443, protocol: TCP}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: nginx, namespace: default}
spec:
  hosts: [my-nginx.mesh-external.svc.cluster.local]
  ports:
  - {number: 80, name: http-port, protocol: HTTP, targetPort: 443}
  - {number: 443, name: https-port, protocol: HTTPS}
  resolution: DNS
`,
    );
    for (const engine of ["istio", "envoy"] as const) {
      const r = simulate(mesh, request("http://my-nginx.mesh-external.svc.cluster.local/", A), { engine });
      assert.equal(r.diagnostics, [], engine);
      assert.is(r.value?.request.port, 80, engine);
      assert.equal(
        r.value?.outcomes.map((o) => [o.status, o.destination?.cluster]),
        [[200, "outbound|80||my-nginx.mesh-external.svc.cluster.local"]],
        engine,
      );
    }
    // A client of another namespace sees the Kubernetes Service: its only port.
    for (const engine of ["istio", "envoy"] as const) {
      const r = simulate(mesh, request("http://my-nginx.mesh-external.svc.cluster.local/", "third/t-v1"), { engine });
      assert.equal(r.diagnostics, [], engine);
      assert.equal(
        r.value?.outcomes.map((o) => o.destination?.cluster),
        ["outbound|443||my-nginx.mesh-external.svc.cluster.local"],
        engine,
      );
    }
  },
);

hosts("the Host header as curl sends it: the scheme's own port left out even when written (lib/http.c)", () => {
  const authority = (url: string, scheme: "http" | "https" | "grpc" = "http") => {
    const r = { ...request(url, A), scheme };
    return httpView(r, r.port ?? 80).authority;
  };
  assert.is(authority("http://a/"), "a");
  assert.is(authority("http://a:80/"), "a");
  assert.is(authority("http://b.other:81/"), "b.other:81");
  assert.is(authority("http://example.com:443/", "https"), "example.com");
  assert.is(authority("http://example.com:80/", "https"), "example.com:80");
  assert.is(authority("http://c.other:8080/", "grpc"), "c.other:8080");
  assert.is(httpView({ ...request("http://a:80/", A), headers: { host: "x.example" } }, 80).authority, "x.example");
});

const diagnostics = suite("request diagnostics (5101–5106)");
const codes = (req: ReturnType<typeof request>) => {
  const r = simulate(ir, req);
  return [r.value, r.diagnostics.map((d) => [d.code, d.message])];
};

diagnostics("unknown workload, unresolvable host, ambiguous or unknown port, unknown gateway", () => {
  assert.equal(codes(request("http://a/", "default/nope")), [
    undefined,
    [[5101, "The request's source 'default/nope' is not a declared workload."]],
  ]);
  assert.equal(codes(request("http://b/", A)), [
    undefined,
    [[5102, "Host 'b' does not resolve to a service from namespace 'default'."]],
  ]);
  assert.equal(codes(request("http://e.other/", A)), [
    undefined,
    [[5103, "Service 'e.other.svc.cluster.local' has several ports (8080, 8081) and the request gives none."]],
  ]);
  // Without a sidecar; a sidecar's request to a port the Service lacks is a host outside the port's registry
  // (test/eval/port-registry.test.ts).
  assert.equal(codes(request("http://a:81/", "outside")), [
    undefined,
    [[5105, "Port 81 is not a port of 'a.default.svc.cluster.local'."]],
  ]);
  assert.equal(codes(request("http://a:81/", A))[1], []);
  assert.equal(codes(request("http://a/", "ingress default/gw")), [
    undefined,
    [[5104, "The request's source 'ingress default/gw' is not a declared Gateway."]],
  ]);
  assert.equal(codes(request("http://d.other/", A)), [
    undefined,
    [[5106, "Service 'd.other.svc.cluster.local' declares no ports, so no request can reach it."]],
  ]);
});

hosts.run();
diagnostics.run();
