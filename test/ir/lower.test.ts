/**
 * Lowering documents into the IR: the resolution istiod performs, each test named for the Istio source it follows.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { resolveExportTo, resolveGatewayName, resolveShortname } from "../../compiler/ir/hosts.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { inferProtocol } from "../../compiler/ir/protocol.ts";
import type { InputDocument } from "../../compiler/load/document.ts";
import { withParsedMeshConfig } from "../../compiler/load/yaml/index.ts";

const span = { file: "t.yaml", start: 0, length: 1 };
/** A document as a loader hands it to lowering (the `istio` ConfigMap with its MeshConfig parsed). */
const doc = (object: Record<string, unknown>): InputDocument =>
  withParsedMeshConfig({ object, span, spans: new Map() });

const deployment = (name: string, ns: string, labels: Record<string, string>, extra: Record<string, unknown> = {}) =>
  doc({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns },
    spec: { template: { metadata: { labels, ...extra }, spec: { serviceAccountName: `sa-${name}` } } },
  });

const Hosts = suite("host resolution (istio pilot/pkg/model/config.go)");

Hosts("ResolveShortnameToFQDN: a name without a dot gets <ns>.svc.cluster.local", () => {
  assert.is(resolveShortname("reviews", "bookinfo"), "reviews.bookinfo.svc.cluster.local");
});
Hosts("ResolveShortnameToFQDN: a name with a dot is taken as fully qualified, even reviews.bookinfo", () => {
  assert.is(resolveShortname("reviews.bookinfo", "default"), "reviews.bookinfo");
  assert.is(resolveShortname("*.example.com", "default"), "*.example.com");
});
Hosts("ResolveShortnameToFQDN: '*' and IP addresses are left alone", () => {
  assert.is(resolveShortname("*", "default"), "*");
  assert.is(resolveShortname("10.0.0.1", "default"), "10.0.0.1");
});
Hosts("resolveGatewayName: short, ./name, ns/name, legacy FQDN and mesh", () => {
  assert.equal(
    ["gw", "./gw", "other/gw", "gw.other.svc.cluster.local", "gw.other", "mesh"].map((g) =>
      resolveGatewayName(g, "bookinfo"),
    ),
    ["bookinfo/gw", "bookinfo/gw", "other/gw", "other/gw", "other/gw", "mesh"],
  );
});
Hosts("exportTo: absent or '*' is public, '.' is the own namespace, '~' is nowhere", () => {
  assert.equal(resolveExportTo(undefined, "a"), { kind: "public" });
  assert.equal(resolveExportTo([".", "*"], "a"), { kind: "public" });
  assert.equal(resolveExportTo([".", "b"], "a"), { kind: "namespaces", namespaces: ["a", "b"] });
  assert.equal(resolveExportTo(["~"], "a"), { kind: "namespaces", namespaces: [] });
});
Hosts.run();

const Protocols = suite("port protocol (istio pkg/config/kube/conversion.go ConvertProtocol)");

Protocols("name prefix, appProtocol, grpc-web, UDP and unknown", () => {
  assert.equal(
    [
      inferProtocol("http", undefined, undefined),
      inferProtocol("http-web", undefined, undefined),
      inferProtocol("HTTP2-x", undefined, undefined),
      inferProtocol("grpc-web-x", undefined, undefined),
      inferProtocol("web", undefined, "http"),
      inferProtocol("tcp-db", undefined, "kubernetes.io/h2c"),
      inferProtocol("http", "UDP", undefined),
      inferProtocol("web", undefined, undefined),
      inferProtocol(undefined, undefined, undefined),
    ],
    ["HTTP", "HTTP", "HTTP2", "GRPC-Web", "HTTP", "HTTP2", "UDP", "UNKNOWN", "UNKNOWN"],
  );
});
Protocols.run();

const Registry = suite("registry");

Registry("services select workloads of their namespace; ports carry inferred protocols", () => {
  const ir = lowerDocuments([
    doc({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "reviews", namespace: "bookinfo" },
      spec: { selector: { app: "reviews" }, ports: [{ name: "http", port: 9080 }] },
    }),
    deployment("reviews-v1", "bookinfo", { app: "reviews", version: "v1" }),
    deployment("reviews-v1", "other", { app: "reviews", version: "v1" }),
  ]).value;
  assert.equal(
    ir.services.map((s) => ({ fqdn: s.fqdn, workloads: s.workloads, ports: s.ports })),
    [
      {
        fqdn: "reviews.bookinfo.svc.cluster.local",
        workloads: ["bookinfo/reviews-v1"],
        ports: [{ name: "http", port: 9080, targetPort: 9080, protocol: "HTTP" }],
      },
    ],
  );
  assert.equal(
    ir.namespaces.map((n) => n.name),
    ["bookinfo", "other"],
  );
});

Registry("sidecar injection follows the namespace label and the pod's sidecar.istio.io/inject", () => {
  const ns = (name: string, labels: Record<string, string>) =>
    doc({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
  const ir = lowerDocuments([
    ns("on", { "istio-injection": "enabled" }),
    ns("off", { "istio-injection": "disabled" }),
    ns("plain", {}),
    ns("rev", { "istio.io/rev": "canary" }),
    deployment("a", "on", { app: "a" }),
    deployment("b", "on", { app: "b", "sidecar.istio.io/inject": "false" }),
    deployment("c", "off", { app: "c", "sidecar.istio.io/inject": "true" }),
    deployment("d", "plain", { app: "d" }),
    deployment("e", "plain", { app: "e", "sidecar.istio.io/inject": "true" }),
    deployment("f", "rev", { app: "f" }),
    deployment("g", "undeclared", { app: "g" }),
    deployment("h", "on", { app: "h" }, { annotations: { "sidecar.istio.io/inject": "false" } }),
  ]).value;
  assert.equal(Object.fromEntries(ir.workloads.map((w) => [w.name, w.sidecar])), {
    a: true,
    b: false,
    c: false,
    d: false,
    e: true,
    f: true,
    g: true,
    h: false,
  });
});
Registry.run();

const Policies = suite("policy scope (istio pilot/pkg/model/authentication.go getConfigsForWorkload)");

const policy = (name: string, ns: string, spec: Record<string, unknown>) =>
  doc({ apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: { name, namespace: ns }, spec });

Policies(
  "no selector: namespace-wide, or mesh-wide in the root namespace; selectors reach all namespaces only from the root",
  () => {
    const ir = lowerDocuments([
      deployment("reviews", "bookinfo", { app: "reviews" }),
      deployment("reviews", "other", { app: "reviews" }),
      policy("ns-wide", "bookinfo", {}),
      policy("mesh-wide", "istio-system", {}),
      policy("local", "bookinfo", { selector: { matchLabels: { app: "reviews" } } }),
      policy("root-selector", "istio-system", { selector: { matchLabels: { app: "reviews" } } }),
      policy("empty-selector", "bookinfo", { selector: {} }),
      policy("waypoint", "bookinfo", { targetRefs: [{ kind: "Service", group: "", name: "reviews" }] }),
    ]).value;
    assert.equal(
      Object.fromEntries(
        ir.resources.map((r) => [r.meta.name, r.kind === "authorizationPolicy" ? r.scope : undefined]),
      ),
      {
        "empty-selector": { kind: "namespace", namespace: "bookinfo" },
        local: { kind: "workloads", workloads: ["bookinfo/reviews"] },
        "ns-wide": { kind: "namespace", namespace: "bookinfo" },
        "mesh-wide": { kind: "mesh" },
        "root-selector": { kind: "workloads", workloads: ["bookinfo/reviews", "other/reviews"] },
        waypoint: { kind: "targetRefs", refs: [{ kind: "Service", name: "reviews", namespace: "bookinfo" }] },
      },
    );
  },
);

Policies("action defaults to ALLOW; the istio.io/dry-run annotation marks dry runs", () => {
  const ir = lowerDocuments([
    policy("a", "ns", {}),
    doc({
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: "b", namespace: "ns", annotations: { "istio.io/dry-run": "true" } },
      spec: { action: "DENY" },
    }),
  ]).value;
  assert.equal(
    ir.resources.map((r) => (r.kind === "authorizationPolicy" ? [r.action, r.dryRun] : null)),
    [
      ["ALLOW", false],
      ["DENY", true],
    ],
  );
});

Policies("the root namespace comes from the istio ConfigMap", () => {
  const ir = lowerDocuments([
    doc({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "istio", namespace: "mesh-root" },
      data: { mesh: "rootNamespace: mesh-root\ntrustDomain: example.org\n" },
    }),
    policy("mesh-wide", "mesh-root", {}),
  ]).value;
  assert.equal(
    {
      root: ir.meshConfig.rootNamespace,
      td: ir.meshConfig.trustDomain,
      scope: ir.resources[0]?.kind === "authorizationPolicy" ? ir.resources[0].scope : null,
    },
    { root: "mesh-root", td: "example.org", scope: { kind: "mesh" } },
  );
});
Policies.run();

const Routes = suite("VirtualService resolution");

Routes("hosts, gateways and every destination are resolved in the VirtualService's namespace", () => {
  const ir = lowerDocuments([
    doc({
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: { name: "reviews", namespace: "bookinfo" },
      spec: {
        hosts: ["reviews"],
        http: [
          {
            route: [{ destination: { host: "reviews", subset: "v2" } }],
            mirror: { host: "ratings.other.svc.cluster.local", port: { number: 9080 } },
          },
        ],
        tcp: [{ route: [{ destination: { host: "db" } }] }],
      },
    }),
  ]).value;
  const vs = ir.resources[0];
  assert.ok(vs?.kind === "virtualService");
  assert.equal(
    { hosts: vs.hosts, gateways: vs.gateways, exportTo: vs.exportTo, destinations: vs.destinations },
    {
      hosts: ["reviews.bookinfo.svc.cluster.local"],
      gateways: ["mesh"],
      exportTo: { kind: "public" },
      destinations: [
        {
          path: ["spec", "http", 0, "route", 0, "destination"],
          host: "reviews.bookinfo.svc.cluster.local",
          written: "reviews",
          subset: "v2",
          port: undefined,
          role: "route",
        },
        {
          path: ["spec", "http", 0, "mirror"],
          host: "ratings.other.svc.cluster.local",
          written: "ratings.other.svc.cluster.local",
          subset: undefined,
          port: 9080,
          role: "mirror",
        },
        {
          path: ["spec", "tcp", 0, "route", 0, "destination"],
          host: "db.bookinfo.svc.cluster.local",
          written: "db",
          subset: undefined,
          port: undefined,
          role: "route",
        },
      ],
    },
  );
});

Routes("a resource declared twice is an error pointing at both", () => {
  const r = lowerDocuments([
    doc({
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: { name: "x", namespace: "a" },
      spec: {},
    }),
    doc({
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: { name: "x", namespace: "a" },
      spec: {},
    }),
  ]);
  assert.equal(
    r.diagnostics.map((d) => [d.code, d.message, d.related?.length]),
    [[1010, "VirtualService 'a/x' is declared more than once.", 1]],
  );
});
Routes("a Sidecar selects workloads by workloadSelector.labels (networking WorkloadSelector), in its namespace", () => {
  const sidecar = (name: string, spec: Record<string, unknown>) =>
    doc({ apiVersion: "networking.istio.io/v1", kind: "Sidecar", metadata: { name, namespace: "shop" }, spec });
  const ir = lowerDocuments([
    deployment("web", "shop", { app: "web" }),
    deployment("web", "other", { app: "web" }),
    sidecar("web", { workloadSelector: { labels: { app: "web" } } }),
    sidecar("default", {}),
  ]).value;
  assert.equal(
    ir.resources.map((r) => [r.meta.name, r.kind === "sidecar" ? r.selectedWorkloads : null]),
    [
      ["default", undefined],
      ["web", ["shop/web"]],
    ],
  );
});

Routes.run();
