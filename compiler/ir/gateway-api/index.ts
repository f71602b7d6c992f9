/**
 * The Kubernetes Gateway API, lowered the way istiod converts it (istio `pilot/pkg/config/kube/gateway`): Gateways
 * become internal Istio Gateways (one per listener), routes become VirtualServices, and the result is ordinary Istio
 * config that the rest of meshc (checks, emitters, both engines) reads like hand-written config. Generated documents
 * point their spans at the Gateway API fields they came from, so diagnostics land on the user's lines.
 *
 * For the lowering driver (`ir/lower.ts`) and the conformance test.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { InputDocument } from "../../load/document.ts";
import { list, record, str, stringMap } from "../../load/json.ts";
import type { NamespaceNode } from "../ir.ts";
import { GENERATED_FROM } from "../lower-istio.ts";
import { CLUSTER_DOMAIN } from "../hosts.ts";
import type { Span } from "../../diagnostics/span.ts";
import { isGatewayApiDocument, readResource, type GatewayApiResource, type RouteKind } from "./_model.ts";
import { automatedDeployments } from "./deployment.ts";
import { classOf } from "./gateway-classes.ts";
import { convertGateways, type ConvertedGateway } from "./gateways.ts";
import type { RouteParents } from "./parents.ts";
import { referenceGrants } from "./reference-grants.ts";
import { convertRoutes, type GeneratedVirtualService, type RouteResult } from "./route-collections.ts";
import { gatewayDiagnostics, rejectedListenerDiagnostics, routeDiagnostics } from "./status.ts";

export { isGatewayApiDocument };
export { routeVerdicts, type RouteParentVerdict } from "./status.ts";
export type { RouteResult };

export interface GatewayApiConversion {
  /** Internal Gateways and VirtualServices, as Istio documents (marked generated). */
  readonly istioDocuments: readonly InputDocument[];
  /** Deployments and Services of managed Gateways (Istio's automated deployment), for the registry. */
  readonly registryDocuments: readonly InputDocument[];
  readonly gateways: readonly ConvertedGateway[];
  readonly routes: readonly RouteResult[];
  readonly diagnostics: readonly Diagnostic[];
}

const ROUTE_KINDS: readonly RouteKind[] = ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"];

function ofKind(resources: readonly GatewayApiResource[], kind: string): GatewayApiResource[] {
  return resources.filter((r) => r.kind === kind);
}

/** Spans for a generated VirtualService: each generated route points at the rule it came from. */
function vsSpans(vs: GeneratedVirtualService, section: string): { span: Span; spans: Map<string, Span> } {
  const first = vs.sources[0]!;
  const spans = new Map<string, Span>();
  vs.routeOrigins.forEach((o, i) => {
    const key = o.path.join(".");
    const hit = o.source.doc.spans.get(key) ?? o.source.doc.span;
    spans.set(`spec.${section}.${i}`, hit);
  });
  return { span: first.doc.span, spans };
}

/**
 * conversion.go `waypointConfigured`: the `istio.io/use-waypoint` label of a Service or ServiceEntry, else of its
 * namespace; the waypoint is foreign when it is a Gateway of a class istiod does not handle.
 */
function foreignWaypoints(
  docs: readonly InputDocument[],
  resources: readonly GatewayApiResource[],
  namespaces: readonly NamespaceNode[],
): RouteParents["foreignWaypoint"] {
  const classes = ofKind(resources, "GatewayClass");
  const foreign = new Set(
    ofKind(resources, "Gateway")
      .filter((g) => classOf(str(g.spec["gatewayClassName"]) ?? "", classes) === undefined)
      .map((g) => `${g.namespace}/${g.name}`),
  );
  return (kind, ns, name) => {
    const doc = docs.find((d) => {
      const meta = record(d.object["metadata"]);
      return d.object["kind"] === kind && (str(meta["namespace"]) ?? "default") === ns && meta["name"] === name;
    });
    const label = "istio.io/use-waypoint";
    const waypoint =
      stringMap(record(doc?.object["metadata"])["labels"])[label] ??
      namespaces.find((n) => n.name === ns)?.labels[label];
    return waypoint !== undefined && foreign.has(`${ns}/${waypoint}`);
  };
}

/** The declared Namespaces with their labels (listeners select namespaces by label). */
function declaredNamespaces(docs: readonly InputDocument[]): NamespaceNode[] {
  return docs
    .filter((d) => d.object["kind"] === "Namespace")
    .map((d) => {
      const meta = record(d.object["metadata"]);
      return { kind: "namespace", span: d.span, name: str(meta["name"]) ?? "", labels: stringMap(meta["labels"]) };
    });
}

/** Converts the Gateway API documents among `docs`; the other documents give the registry it resolves against. */
export function convertGatewayApi(docs: readonly InputDocument[]): GatewayApiConversion {
  const namespaces = declaredNamespaces(docs);
  const resources = docs.filter(isGatewayApiDocument).map(readResource);
  const grants = referenceGrants(ofKind(resources, "ReferenceGrant"));
  const gateways = convertGateways(ofKind(resources, "Gateway"), ofKind(resources, "GatewayClass"), namespaces, grants);
  const registryDocuments = automatedDeployments(gateways);
  const services = new Set(
    [...docs, ...registryDocuments]
      .filter((d) => d.object["kind"] === "Service" && d.object["apiVersion"] === "v1")
      .map(
        (d) =>
          `${str(record(d.object["metadata"])["namespace"]) ?? "default"}/${str(record(d.object["metadata"])["name"])}`,
      ),
  );
  const serviceEntries = docs
    .filter((d) => d.object["kind"] === "ServiceEntry")
    .map((d) => ({
      namespace: str(record(d.object["metadata"])["namespace"]) ?? "default",
      name: str(record(d.object["metadata"])["name"]) ?? "",
      hosts: list(record(d.object["spec"])["hosts"]).filter((h): h is string => typeof h === "string"),
    }));
  const parents: RouteParents = {
    gateways: new Map(
      gateways.map((g) => [`${g.gateway.namespace}/${g.gateway.name}`, g.listeners.map((l) => l.parent)]),
    ),
    serviceExists: (ns, name) => services.has(`${ns}/${name}`),
    serviceEntryExists: (ns, name) => serviceEntries.some((s) => s.namespace === ns && s.name === name),
    foreignWaypoint: foreignWaypoints(docs, resources, namespaces),
  };
  const ctx = {
    grants,
    serviceExists: parents.serviceExists,
    // conversion.go `LookupHostname`: push_context's `ServiceIndex.HostnameAndNamespace[hostname][namespace]`, the
    // registry services (Kubernetes Services and ServiceEntry hosts) of that hostname declared in the route's namespace.
    hostnameExists: (host: string, ns: string) => {
      const suffix = `.${ns}.svc.${CLUSTER_DOMAIN}`;
      const name = host.endsWith(suffix) ? host.slice(0, -suffix.length) : "";
      return (
        (name !== "" && !name.includes(".") && services.has(`${ns}/${name}`)) ||
        serviceEntries.some((s) => s.namespace === ns && s.hosts.includes(host))
      );
    },
    serviceEntryHosts: (ns: string, name: string) =>
      serviceEntries.find((s) => s.namespace === ns && s.name === name)?.hosts ?? [],
  };
  const routes: RouteResult[] = [];
  const istioDocuments: InputDocument[] = [];
  for (const g of gateways) {
    for (const l of g.listeners) {
      const spans = new Map<string, Span>();
      const listenerSpan = g.gateway.doc.spans.get(`spec.listeners.${l.listenerIndex}`) ?? g.gateway.doc.span;
      spans.set("spec.servers.0", listenerSpan);
      istioDocuments.push({ object: markGenerated(l.object, [g.gateway]), span: g.gateway.doc.span, spans });
    }
  }
  // istiod joins the kinds' VirtualServices (controller.go `DerivedVirtualServices`: krt.JoinCollection of the TCP, TLS,
  // HTTP and gRPC route collections), and "key conflicts are resolved by picking the item produced by the first
  // collections": an HTTPRoute and a GRPCRoute on the same listener (or Service port) and host both merge into the
  // VirtualService `<key>` (`mergeHTTPRoutes`, one per kind), and the HTTPRoute's is the one kept.
  const seen = new Set<string>();
  for (const kind of ROUTE_KINDS) {
    const converted = convertRoutes(ctx, parents, ofKind(resources, kind), kind);
    routes.push(...converted.results);
    const section = kind === "TCPRoute" ? "tcp" : kind === "TLSRoute" ? "tls" : "http";
    for (const vs of converted.virtualServices) {
      const meta = record(vs.object["metadata"]);
      const key = `${str(meta["namespace"]) ?? ""}/${str(meta["name"]) ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      istioDocuments.push({ object: markGenerated(vs.object, vs.sources), ...vsSpans(vs, section) });
    }
  }
  const diagnostics = [
    ...gateways.flatMap(gatewayDiagnostics),
    ...gateways.flatMap((g) => rejectedListenerDiagnostics(g, routes)),
    ...routes.flatMap(routeDiagnostics),
  ];
  return { istioDocuments, registryDocuments, gateways, routes, diagnostics };
}

function markGenerated(object: Readonly<Record<string, unknown>>, sources: readonly GatewayApiResource[]) {
  const meta = record(object["metadata"]);
  const from = sources.map((s) => `${s.kind}/${s.namespace}/${s.name}`).join(",");
  return { ...object, metadata: { ...meta, annotations: { ...record(meta["annotations"]), [GENERATED_FROM]: from } } };
}
