/** Each DSL declaration lowers to the Istio/Kubernetes document a user would have written by hand. */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { docById, idOf, loadVirtual } from "./_support.ts";

const services = [
  `import * as m from "meshc";`,
  `export const api = m.service("api", { namespace: "prod", ports: [{ name: "http", port: 80, targetPort: 8080, appProtocol: "http" }],`,
  `  versions: { v1: {}, v2: { sidecar: false, labels: { app: "api", track: "beta" }, serviceAccount: "api-beta" } } });`,
  `export const web = m.service("web", { namespace: "prod", ports: [{ name: "http", port: 80 }] });`,
].join("\n");

const security = suite("security policies");

security("mTLS at mesh, namespace and workload level with port-level modes", () => {
  const mesh = `import * as m from "meshc";\nimport { api } from "./services.ts";
m.meshConfig({ rootNamespace: "mesh-root", trustDomain: "corp.example" });
m.peerAuthentication({ mtls: { mode: "STRICT" } });
m.peerAuthentication({ namespace: "prod", mtls: { mode: "PERMISSIVE" } });
m.peerAuthentication({ selector: api.version("v2"), mtls: { mode: "STRICT" }, portLevelMtls: { 8080: { mode: "DISABLE" } } });`;
  const { value, diagnostics } = loadVirtual({ "mesh.ts": mesh, "services.ts": services });
  assert.equal(diagnostics, []);
  const pa = (id: string) => docById(value.documents, id);
  assert.equal(pa("PeerAuthentication mesh-root/default"), {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: { name: "default", namespace: "mesh-root" },
    spec: { mtls: { mode: "STRICT" } },
  });
  assert.equal(pa("PeerAuthentication prod/default"), {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: { name: "default", namespace: "prod" },
    spec: { mtls: { mode: "PERMISSIVE" } },
  });
  assert.equal(pa("PeerAuthentication prod/api-v2"), {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: { name: "api-v2", namespace: "prod" },
    spec: {
      selector: { matchLabels: { app: "api", track: "beta" } },
      mtls: { mode: "STRICT" },
      portLevelMtls: { "8080": { mode: "DISABLE" } },
    },
  });
});

security("authorization with every kind of reference, notX fields, dry-run and CUSTOM", () => {
  const mesh = `import * as m from "meshc";\nimport { api, web } from "./services.ts";
m.meshConfig({ trustDomain: "corp.example", extensionProviders: [{ name: "opa", envoyExtAuthzGrpc: { service: web, port: 9191 } }] });
m.authorizationPolicy("api-callers", { selector: api, action: "ALLOW", dryRun: true, rules: [{
  from: [{ source: { principals: [web, api.version("v2"), "spiffe-ish/ns/x/sa/y"], notNamespaces: ["legacy"] } }],
  to: [{ operation: { ports: [8080], notPaths: ["/admin/*"], methods: ["GET"] } }],
  when: [{ key: "request.headers[x-tenant]", notValues: ["blocked"] }] }] });
m.authorizationPolicy("ext", { targetRefs: [api], action: "CUSTOM", provider: { name: "opa" }, rules: [{}] });
m.authorizationPolicy("deny-all", { namespace: "prod", action: "DENY", rules: [{}] });`;
  const { value, diagnostics } = loadVirtual({ "mesh.ts": mesh, "services.ts": services });
  assert.equal(diagnostics, []);
  assert.equal(docById(value.documents, "AuthorizationPolicy prod/api-callers"), {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name: "api-callers", namespace: "prod", annotations: { "istio.io/dry-run": "true" } },
    spec: {
      selector: { matchLabels: { app: "api" } },
      action: "ALLOW",
      rules: [
        {
          from: [
            {
              source: {
                principals: ["corp.example/ns/prod/sa/web", "corp.example/ns/prod/sa/api-beta", "spiffe-ish/ns/x/sa/y"],
                notNamespaces: ["legacy"],
              },
            },
          ],
          to: [{ operation: { ports: ["8080"], notPaths: ["/admin/*"], methods: ["GET"] } }],
          when: [{ key: "request.headers[x-tenant]", notValues: ["blocked"] }],
        },
      ],
    },
  });
  assert.equal(docById(value.documents, "AuthorizationPolicy prod/ext"), {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name: "ext", namespace: "prod" },
    spec: {
      targetRefs: [{ group: "", kind: "Service", name: "api" }],
      action: "CUSTOM",
      provider: { name: "opa" },
      rules: [{}],
    },
  });
  assert.equal(docById(value.documents, "ConfigMap istio-system/istio"), {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "istio", namespace: "istio-system" },
    data: {
      mesh: "extensionProviders:\n  - envoyExtAuthzGrpc:\n      port: 9191\n      service: web.prod.svc.cluster.local\n    name: opa\ntrustDomain: corp.example\n",
    },
  });
});

security("JWT validation lowers to a RequestAuthentication", () => {
  const mesh = `import * as m from "meshc";\nimport { web } from "./services.ts";
m.requestAuthentication("web-jwt", { selector: web, jwtRules: [{ issuer: "https://auth.example.com", jwksUri: "https://auth.example.com/jwks", forwardOriginalToken: true }] });`;
  const { value, diagnostics } = loadVirtual({ "mesh.ts": mesh, "services.ts": services });
  assert.equal(diagnostics, []);
  assert.equal(docById(value.documents, "RequestAuthentication prod/web-jwt"), {
    apiVersion: "security.istio.io/v1",
    kind: "RequestAuthentication",
    metadata: { name: "web-jwt", namespace: "prod" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      jwtRules: [
        { issuer: "https://auth.example.com", jwksUri: "https://auth.example.com/jwks", forwardOriginalToken: true },
      ],
    },
  });
});

security.run();

const registry = suite("services and workloads");

registry("a version without a sidecar is annotated, with its own labels and account", () => {
  const { value, diagnostics } = loadVirtual({ "mesh.ts": `import "./services.ts";\n`, "services.ts": services });
  assert.equal(diagnostics, []);
  assert.equal(docById(value.documents, "Deployment prod/api-v2"), {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "api-v2", namespace: "prod", labels: { app: "api", track: "beta" } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "api", track: "beta" } },
      template: {
        metadata: { labels: { app: "api", track: "beta" }, annotations: { "sidecar.istio.io/inject": "false" } },
        spec: {
          serviceAccountName: "api-beta",
          containers: [{ name: "api", image: "api:v2", ports: [{ containerPort: 8080 }] }],
        },
      },
    },
  });
  assert.equal(docById(value.documents, "Service prod/api"), {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "api", namespace: "prod", labels: { app: "api", service: "api" } },
    spec: { ports: [{ name: "http", port: 80, targetPort: 8080, appProtocol: "http" }], selector: { app: "api" } },
  });
  assert.equal(value.documents.map(idOf), [
    "Deployment prod/api-v1",
    "Deployment prod/api-v2",
    "Deployment prod/web",
    "DestinationRule prod/api",
    "Service prod/api",
    "Service prod/web",
    "ServiceAccount prod/api",
    "ServiceAccount prod/api-beta",
    "ServiceAccount prod/web",
  ]);
});

registry("declaration order does not change the output", () => {
  const a = `import * as m from "meshc";\nm.namespace("b");\nm.service("x", { namespace: "b", ports: [{ name: "http", port: 1 }] });\nm.namespace("a");\n`;
  const b = `import * as m from "meshc";\nm.namespace("a");\nm.namespace("b");\nm.service("x", { namespace: "b", ports: [{ name: "http", port: 1 }] });\n`;
  const objects = (text: string) => loadVirtual({ "mesh.ts": text }).value.documents.map((d) => d.object);
  assert.equal(objects(a), objects(b));
});

registry.run();

const routing = suite("routing resources");

routing("external services, gateways, mirrors, faults, redirects and delegates", () => {
  const mesh = `import * as m from "meshc";\nimport { api, web } from "./services.ts";
const payments = m.externalService("payments", { namespace: "prod", hosts: ["pay.example.com"], ports: [{ number: 443, name: "tls", protocol: "TLS" }], trafficPolicy: { tls: { mode: "SIMPLE" } } });
const gw = m.ingressGateway("public", { namespace: "edge", servers: [{ port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: ["shop.example.com"], tls: { mode: "SIMPLE", credentialName: "shop-cert" } }] });
const child = m.virtualService("api-child", { namespace: "prod", hosts: [], http: [{ route: [{ destination: api }] }] });
m.virtualService("public", { namespace: "prod", hosts: ["shop.example.com"], gateways: [gw, "mesh"], http: [
  { match: [{ uri: m.prefix("/old"), ignoreUriCase: true }], redirect: { uri: "/new", redirectCode: 308 } },
  { match: [{ uri: m.prefix("/api"), sourceNamespace: "edge", gateways: [gw] }], delegate: child },
  { match: [{ withoutHeaders: { "x-debug": m.exact("1") }, queryParams: { v: m.regex("^2") }, method: m.exact("GET") }],
    route: [{ destination: web, headers: { request: { set: { "x-from": "edge" } } } }],
    mirror: api.subset("v2"), mirrorPercentage: 5, fault: { abort: { httpStatus: 503, percentage: 1.5 } },
    corsPolicy: { allowOrigins: [m.exact("https://shop.example.com")], maxAge: "1h" } },
  { directResponse: { status: 404, body: { string: "gone" } } },
], tls: [{ match: [{ sniHosts: ["pay.example.com"] }], route: [{ destination: payments.port("tls") }] }] });`;
  const { value, diagnostics } = loadVirtual({ "mesh.ts": mesh, "services.ts": services });
  assert.equal(diagnostics, []);
  assert.equal(docById(value.documents, "VirtualService prod/public"), {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "public", namespace: "prod" },
    spec: {
      hosts: ["shop.example.com"],
      gateways: ["edge/public", "mesh"],
      http: [
        { match: [{ uri: { prefix: "/old" }, ignoreUriCase: true }], redirect: { uri: "/new", redirectCode: 308 } },
        {
          match: [{ uri: { prefix: "/api" }, sourceNamespace: "edge", gateways: ["edge/public"] }],
          delegate: { name: "api-child", namespace: "prod" },
        },
        {
          match: [
            {
              withoutHeaders: { "x-debug": { exact: "1" } },
              queryParams: { v: { regex: "^2" } },
              method: { exact: "GET" },
            },
          ],
          route: [
            {
              destination: { host: "web.prod.svc.cluster.local" },
              headers: { request: { set: { "x-from": "edge" } } },
            },
          ],
          mirror: { host: "api.prod.svc.cluster.local", subset: "v2" },
          mirrorPercentage: { value: 5 },
          fault: { abort: { httpStatus: 503, percentage: { value: 1.5 } } },
          corsPolicy: { allowOrigins: [{ exact: "https://shop.example.com" }], maxAge: "1h" },
        },
        { directResponse: { status: 404, body: { string: "gone" } } },
      ],
      tls: [
        {
          match: [{ sniHosts: ["pay.example.com"] }],
          route: [{ destination: { host: "pay.example.com", port: { number: 443 } } }],
        },
      ],
    },
  });
  assert.equal(docById(value.documents, "Gateway edge/public"), {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name: "public", namespace: "edge" },
    spec: {
      selector: { istio: "ingressgateway" },
      servers: [
        {
          port: { number: 443, name: "https", protocol: "HTTPS" },
          hosts: ["shop.example.com"],
          tls: { mode: "SIMPLE", credentialName: "shop-cert" },
        },
      ],
    },
  });
  assert.equal(docById(value.documents, "ServiceEntry prod/payments"), {
    apiVersion: "networking.istio.io/v1",
    kind: "ServiceEntry",
    metadata: { name: "payments", namespace: "prod" },
    spec: {
      hosts: ["pay.example.com"],
      ports: [{ number: 443, name: "tls", protocol: "TLS" }],
      location: "MESH_EXTERNAL",
      resolution: "DNS",
    },
  });
  assert.equal(docById(value.documents, "DestinationRule prod/payments"), {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: { name: "payments", namespace: "prod" },
    spec: { host: "pay.example.com", trafficPolicy: { tls: { mode: "SIMPLE" } } },
  });
});

routing.run();
