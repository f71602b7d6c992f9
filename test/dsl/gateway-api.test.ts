/**
 * The Gateway API DSL (`gateway`, `httpRoute`, `grpcRoute`, `tcpRoute`, `tlsRoute`, `referenceGrant`) lowers to the
 * resources a user would write in YAML, so both forms take istiod's conversion (`compiler/ir/gateway-api/`); what
 * types cannot say (a ReferenceGrant in the wrong namespace, a cross-namespace backend without one) is a diagnostic
 * at the mesh.ts line.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createMemoryHost } from "../../compiler/load/mesh-ts/index.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { record } from "../../compiler/load/json.ts";
import { docById, loadVirtual, where } from "./_support.ts";

const preamble = [
  `import { gateway, gatewayClass, grpcRoute, httpRoute, referenceGrant, service, tcpRoute, tlsRoute } from "meshc";`,
  `const http = [{ name: "http", port: 9080 }, { name: "grpc", port: 9090 }] as const;`,
  `const api = service("api", { namespace: "backend", ports: http });`,
  `const web = service("web", { namespace: "front", ports: http, versions: { v1: {}, v2: {} }, subsets: false });`,
  `const webV1 = service("web-v1", { namespace: "front", ports: http, selector: web.version("v1") });`,
  `const gw = gateway("gw", { namespace: "front", listeners: [{ name: "http", port: 80, protocol: "HTTP" }, { name: "tls", port: 443, protocol: "TLS", tls: { mode: "Passthrough" } }] });`,
];

function load(...lines: string[]) {
  const mesh = [...preamble, ...lines].join("\n");
  const loaded = loadVirtual({ "mesh.ts": mesh });
  return { loaded, docs: loaded.value.documents, mesh };
}

const Lower = suite("Gateway API DSL lowering");

Lower("a Gateway keeps its listeners and takes class istio by default", () => {
  const { loaded, docs } = load();
  assert.equal(loaded.diagnostics, []);
  assert.equal(docById(docs, "Gateway front/gw"), {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "gw", namespace: "front" },
    spec: {
      gatewayClassName: "istio",
      listeners: [
        { name: "http", port: 80, protocol: "HTTP" },
        { name: "tls", port: 443, protocol: "TLS", tls: { mode: "Passthrough" } },
      ],
    },
  });
});

Lower("a GatewayClass: the built-in class's controller by default, and a Gateway names a declared class", () => {
  const { loaded, docs } = load(
    `gatewayClass("istio", { description: "The default Istio GatewayClass" });`,
    `const internal = gatewayClass("internal", { controllerName: "istio.io/gateway-controller", labels: { team: "net" } });`,
    `gateway("inner", { namespace: "front", gatewayClassName: internal, listeners: [{ name: "http", port: 8080, protocol: "HTTP" }] });`,
  );
  assert.equal(loaded.diagnostics, []);
  // documents in canonical order (by name)
  const classes = docs.filter((d) => d.object["kind"] === "GatewayClass").map((d) => d.object);
  assert.equal(classes, [
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "GatewayClass",
      metadata: { name: "internal", labels: { team: "net" } },
      spec: { controllerName: "istio.io/gateway-controller" },
    },
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "GatewayClass",
      metadata: { name: "istio" },
      spec: { controllerName: "istio.io/gateway-controller", description: "The default Istio GatewayClass" },
    },
  ]);
  assert.equal(record(docById(docs, "Gateway front/inner")["spec"])["gatewayClassName"], "internal");
});

Lower("an HTTPRoute: listener → sectionName, service ports → name and number, another namespace spelt out", () => {
  const { loaded, docs } = load(
    `httpRoute("r", { parentRefs: [gw.listener("http")], hostnames: ["web.example.com"], rules: [{`,
    `  matches: [{ path: { type: "PathPrefix", value: "/api" } }],`,
    `  filters: [{ type: "RequestMirror", requestMirror: { backendRef: webV1.port("http"), percent: 5 } }],`,
    `  backendRefs: [{ backend: api.port("grpc"), weight: 3 }, webV1.port("http")] }] });`,
  );
  assert.equal(loaded.diagnostics, []);
  assert.equal(docById(docs, "HTTPRoute front/r"), {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "r", namespace: "front" },
    spec: {
      parentRefs: [{ name: "gw", sectionName: "http" }],
      hostnames: ["web.example.com"],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/api" } }],
          filters: [
            { type: "RequestMirror", requestMirror: { backendRef: { name: "web-v1", port: 9080 }, percent: 5 } },
          ],
          backendRefs: [
            { name: "api", namespace: "backend", port: 9090, weight: 3 },
            { name: "web-v1", port: 9080 },
          ],
        },
      ],
    },
  });
});

Lower("a mesh route's parent is the Service (GAMMA), and the route lives in its namespace by default", () => {
  const { docs } = load(
    `httpRoute("web", { parentRefs: [web.port("http"), api], rules: [{ backendRefs: [webV1.port("http")] }] });`,
  );
  const spec = docById(docs, "HTTPRoute front/web")["spec"] as Record<string, unknown>;
  assert.equal(spec["parentRefs"], [
    { group: "", kind: "Service", name: "web", port: 9080 },
    { group: "", kind: "Service", name: "api", namespace: "backend" },
  ]);
});

Lower(
  "a Service per version selects the version's pods and runs none of its own; subsets: false drops the subsets",
  () => {
    const { docs } = load();
    assert.equal((docById(docs, "Service front/web-v1")["spec"] as Record<string, unknown>)["selector"], {
      app: "web",
      version: "v1",
    });
    assert.not.ok(docs.some((d) => (d.object["metadata"] as { name: string }).name.startsWith("web-v1-")));
    assert.not.ok(docs.some((d) => d.object["kind"] === "DestinationRule"));
  },
);

Lower("gRPC, TCP and TLS routes at the versions the standard and experimental channels serve", () => {
  const { loaded, docs } = load(
    `grpcRoute("g", { parentRefs: [gw.listener("http")], rules: [{ matches: [{ method: { service: "a.B" } }], backendRefs: [api.port("grpc")] }] });`,
    `tcpRoute("t", { parentRefs: [gw], rules: [{ backendRefs: [webV1.port("http")] }] });`,
    `tlsRoute("s", { parentRefs: [gw.listener("tls")], hostnames: ["a.example.com"], rules: [{ backendRefs: [webV1.port("http")] }] });`,
  );
  assert.equal(loaded.diagnostics, []);
  assert.equal(
    [docById(docs, "GRPCRoute front/g"), docById(docs, "TCPRoute front/t"), docById(docs, "TLSRoute front/s")].map(
      (d) => d["apiVersion"],
    ),
    ["gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1alpha2", "gateway.networking.k8s.io/v1alpha2"],
  );
  assert.equal((docById(docs, "TLSRoute front/s")["spec"] as Record<string, unknown>)["rules"], [
    { backendRefs: [{ name: "web-v1", port: 9080 }] },
  ]);
});

Lower("a ReferenceGrant lives in the namespace of the services it grants, with group defaults filled in", () => {
  const { loaded, docs } = load(
    `referenceGrant("front-routes", { from: [{ kind: "HTTPRoute", namespace: "front" }], to: [api, { kind: "Secret" }] });`,
  );
  assert.equal(loaded.diagnostics, []);
  assert.equal(docById(docs, "ReferenceGrant backend/front-routes")["spec"], {
    from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "front" }],
    to: [
      { group: "", kind: "Service", name: "api" },
      { group: "", kind: "Secret" },
    ],
  });
});

const Problems = suite("Gateway API DSL diagnostics");

Problems("a ReferenceGrant cannot grant access to a service in another namespace (MESH1109, at the service)", () => {
  const line = `referenceGrant("g", { namespace: "front", from: [{ kind: "HTTPRoute", namespace: "front" }], to: [api] });`;
  const { loaded, mesh } = load(line);
  assert.equal(
    loaded.diagnostics.map((d) => [d.code, d.message, where(d.span, { "mesh.ts": mesh })]),
    [
      [
        1109,
        "ReferenceGrant 'g' in namespace 'front' cannot grant access to 'api' in namespace 'backend'.",
        `mesh.ts:${preamble.length + 1}:${line.indexOf("api]") + 1}`,
      ],
    ],
  );
});

Problems("a Service per version cannot declare versions of its own (MESH1108)", () => {
  const { loaded } = load(
    `service("web-v2", { namespace: "front", ports: http, selector: web.version("v2"), versions: { v2: {} } });`,
  );
  assert.equal(
    loaded.diagnostics.map((d) => [d.code, d.message]),
    [[1108, "Service 'web-v2' selects the pods of web v2 and cannot declare versions of its own."]],
  );
});

/** Compile mesh.ts from memory through the whole pipeline (istiod's conversion and its status diagnostics). */
function compileMesh(...lines: string[]) {
  const mesh = [...preamble, ...lines].join("\n");
  const files = { "/mesh.ts": mesh };
  const c = compile(["/mesh.ts"], { fs: memoryFileSystem(files), host: createMemoryHost(files, "/") });
  return { c, mesh };
}

const route = `httpRoute("r", { parentRefs: [gw], rules: [{ backendRefs: [api.port("http")] }] });`;

Problems("a backend in another namespace without a ReferenceGrant is MESH2302 at the backend", () => {
  const { c, mesh } = compileMesh(route);
  assert.equal(
    c.diagnostics.filter((d) => d.code === 2302).map((d) => where(d.span, { "mesh.ts": mesh })),
    [`mesh.ts:${preamble.length + 1}:${route.indexOf("api.port") + 1}`],
  );
});

Problems("a ReferenceGrant in the backend's namespace permits it", () => {
  const { c } = compileMesh(
    route,
    `referenceGrant("front-routes", { from: [{ kind: "HTTPRoute", namespace: "front" }], to: [api] });`,
  );
  assert.equal(
    c.diagnostics.filter((d) => d.code === 2302),
    [],
  );
  assert.ok(c.ir);
});

Lower.run();
Problems.run();
