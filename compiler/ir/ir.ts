/**
 * The intermediate representation: Istio's config model, typed and normalized, plus the service registry and
 * MeshConfig. Both input forms (mesh.ts and YAML) lower into it; checks, emitters and evaluators read only this.
 *
 * Each Istio resource keeps its `spec` exactly as written (so the Istio emitter round-trips it) and carries the
 * resolved facts beside it: FQDN hosts, exportTo visibility, selected workloads, applied defaults. Resolution
 * happens once, in `lower.ts`; nothing downstream re-derives it.
 */
import type { FieldSpans, Span } from "../diagnostics/span.ts";
import type { IstiodFeatures } from "./istiod-features.ts";
import type {
  AuthorizationAction,
  AuthorizationPolicySpec,
  DestinationRuleSpec,
  ExtensionProvider,
  GatewaySpec,
  Labels,
  MtlsMode,
  PeerAuthenticationSpec,
  RequestAuthenticationSpec,
  ServiceEntrySpec,
  SidecarSpec,
  VirtualServiceSpec,
} from "./istio-api.ts";

declare const brand: unique symbol;
/** A fully qualified host name (`reviews.bookinfo.svc.cluster.local`) or a wildcard (`*.example.com`). */
export type Fqdn = string & { readonly [brand]: "Fqdn" };
/** `namespace/name` of a workload. */
export type WorkloadId = string & { readonly [brand]: "WorkloadId" };
/** `namespace/name` of a resource. */
export type ResourceKey = string & { readonly [brand]: "ResourceKey" };

export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** `metadata.creationTimestamp` as written (RFC 3339), when the input has one: istiod's precedence between configs. */
  readonly creationTimestamp?: string;
}

/** Who may see a config resource: Istio's exportTo, normalized (`"."` replaced by the own namespace). */
export type Visibility =
  | { readonly kind: "public" }
  | { readonly kind: "namespaces"; readonly namespaces: readonly string[] };

interface ResourceNode<K extends string, S> {
  readonly kind: K;
  /** Where the resource was declared (the YAML document or the mesh.ts call). */
  readonly span: Span;
  /** Spans of its fields; see `spanAt`. */
  readonly spans: FieldSpans;
  /** The apiVersion it was written with (`networking.istio.io/v1`, ...). */
  readonly apiVersion: string;
  readonly meta: ObjectMeta;
  readonly spec: S;
  /**
   * Set on the Istio config istiod generates from Gateway API resources (`ir/gateway-api`): `Kind/namespace/name` of
   * each source. Such nodes drive checks, Envoy output and both engines, but `istio.yaml` keeps the user's resources.
   */
  readonly generatedFrom?: readonly string[];
}

/** A destination host found anywhere in a route, resolved to an FQDN, with the path of the `destination` field. */
export interface ResolvedDestination {
  readonly path: readonly (string | number)[];
  readonly host: Fqdn;
  /** The host as the user wrote it (a short name or a host), for messages. */
  readonly written: string;
  readonly subset: string | undefined;
  readonly port: number | undefined;
  readonly role: "route" | "mirror";
}

export interface VirtualServiceNode extends ResourceNode<"virtualService", VirtualServiceSpec> {
  readonly hosts: readonly Fqdn[];
  /** `mesh` or `namespace/name` of a Gateway; defaults to `["mesh"]` as Istio does. */
  readonly gateways: readonly string[];
  readonly exportTo: Visibility;
  readonly destinations: readonly ResolvedDestination[];
}

export interface DestinationRuleNode extends ResourceNode<"destinationRule", DestinationRuleSpec> {
  readonly host: Fqdn;
  readonly exportTo: Visibility;
  /** Workloads the rule applies to as a client; undefined when it has no workloadSelector (all). */
  readonly selectedWorkloads: readonly WorkloadId[] | undefined;
}

export interface GatewayNode extends ResourceNode<"gateway", GatewaySpec> {
  readonly selectedWorkloads: readonly WorkloadId[];
}

export interface ServiceEntryNode extends ResourceNode<"serviceEntry", ServiceEntrySpec> {
  readonly hosts: readonly Fqdn[];
  readonly exportTo: Visibility;
}

export interface SidecarNode extends ResourceNode<"sidecar", SidecarSpec> {
  readonly selectedWorkloads: readonly WorkloadId[] | undefined;
}

/**
 * How a policy picks workloads: mesh-wide (root namespace, no selector), namespace-wide, or by selector /
 * targetRef. https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export type PolicyScope =
  | { readonly kind: "mesh" }
  | { readonly kind: "namespace"; readonly namespace: string }
  | { readonly kind: "workloads"; readonly workloads: readonly WorkloadId[] }
  /**
   * `targetRef(s)`: attaches to Gateway API gateways and (ambient) waypoints, never to sidecar workloads, so no
   * sidecar is selected. https://istio.io/latest/docs/reference/config/type/workload-selector/#PolicyTargetReference
   */
  | {
      readonly kind: "targetRefs";
      readonly refs: readonly { readonly kind: string; readonly name: string; readonly namespace: string }[];
    };

export interface PeerAuthenticationNode extends ResourceNode<"peerAuthentication", PeerAuthenticationSpec> {
  readonly scope: PolicyScope;
  /** `spec.mtls.mode`, UNSET when absent (inherit from the parent scope). */
  readonly mode: MtlsMode;
  readonly portModes: ReadonlyMap<number, MtlsMode>;
}

export interface RequestAuthenticationNode extends ResourceNode<"requestAuthentication", RequestAuthenticationSpec> {
  readonly scope: PolicyScope;
}

export interface AuthorizationPolicyNode extends ResourceNode<"authorizationPolicy", AuthorizationPolicySpec> {
  readonly scope: PolicyScope;
  /** `spec.action`, ALLOW when absent. */
  readonly action: AuthorizationAction;
  /** The `istio.io/dry-run: "true"` annotation: evaluated and reported, never enforced. */
  readonly dryRun: boolean;
}

export type IstioNode =
  | VirtualServiceNode
  | DestinationRuleNode
  | GatewayNode
  | ServiceEntryNode
  | SidecarNode
  | PeerAuthenticationNode
  | RequestAuthenticationNode
  | AuthorizationPolicyNode;

// ---- registry -------------------------------------------------------------------------------------------------

/** The protocol Istio infers for a port: from `appProtocol`, else the port name's prefix (`http-web`), else TCP. */
export type Protocol =
  | "HTTP"
  | "HTTP2"
  | "HTTPS"
  | "GRPC"
  | "GRPC-Web"
  | "TCP"
  | "TLS"
  | "MONGO"
  | "MYSQL"
  | "REDIS"
  | "UDP"
  | "UNKNOWN";

export interface ServicePortNode {
  readonly name: string | undefined;
  readonly port: number;
  /** The numeric targetPort (a named one: the port number, until a pod resolves `targetPortName`). */
  readonly targetPort: number;
  /** A named `targetPort`: each selected pod serves the service port on its container port of that name. */
  readonly targetPortName?: string;
  readonly protocol: Protocol;
}

/**
 * One ready endpoint of a Service as an EndpointSlice (discovery.k8s.io/v1, labelled `kubernetes.io/service-name`)
 * lists it, resolved against the input's Pods by address (istio kube/controller/endpointslice.go: a not-ready
 * endpoint is left out; an address without a Pod is an endpoint without a sidecar).
 */
export interface ServiceEndpointNode {
  readonly address: string;
  /** The slice's ports: port name (`""` for an unnamed one) → the endpoint's port number. */
  readonly ports: Readonly<Record<string, number>>;
  /** `endpoints[].hostname`: `<hostname>.<service>.<namespace>.svc.<domain>` resolves to this address. */
  readonly hostname?: string;
  /** The Pod (or Deployment) that has this address, when the input declares it. */
  readonly workload?: WorkloadId;
}

/** A Kubernetes Service. */
export interface ServiceNode {
  readonly kind: "service";
  readonly span: Span;
  readonly name: string;
  readonly namespace: string;
  readonly fqdn: Fqdn;
  readonly ports: readonly ServicePortNode[];
  /** undefined for a Service without a selector. */
  readonly selector: Labels | undefined;
  /** Workloads whose labels match the selector, in registry order. */
  readonly workloads: readonly WorkloadId[];
  /** `metadata.annotations`, when it has any. */
  readonly annotations?: Labels;
  /** `spec.clusterIP: None`: a headless Service (istiod: no address, resolution Passthrough). */
  readonly headless?: true;
  /**
   * Its virtual IPs as istiod reads them (kube/conversion.go `ConvertService`: `spec.clusterIP`, or every
   * `spec.clusterIPs` when there are several), when the input gives them. A Service that is neither headless nor an
   * ExternalName one has a cluster IP in a real cluster (the API server allocates it); compiler/ir/service-addresses.ts.
   */
  readonly addresses?: readonly string[];
  /**
   * `type: ExternalName` with a non-empty `spec.externalName` (not headless): istiod's resolution `Alias`, an alias of
   * the service with that hostname (push_context.go `resolveServiceAliases`).
   */
  readonly externalName?: string;
  /**
   * Its endpoints from the input's EndpointSlices, when the input has any for it (in slice then endpoint order);
   * without, the selected workloads' Pod addresses are its endpoints, as the EndpointSlice controller would list them
   * (compiler/ir/service-endpoints.ts reads both the same way).
   */
  readonly endpointSlices?: readonly ServiceEndpointNode[];
}

/** The ProxyConfig fields meshc reads, as written (MeshConfig `defaultConfig`, or a pod's annotation): proxy-config.ts. */
export interface ProxyConfigFacts {
  readonly gatewayTopology?: { readonly numTrustedProxies?: number };
}

/** A Deployment or Pod: something that runs, with labels, a service account and maybe a sidecar. */
export interface WorkloadNode {
  readonly kind: "workload";
  readonly span: Span;
  readonly id: WorkloadId;
  readonly name: string;
  readonly namespace: string;
  readonly source: "Deployment" | "Pod";
  readonly labels: Labels;
  readonly serviceAccount: string;
  readonly sidecar: boolean;
  /** Known addresses (Pod IPs), if the input gave any. */
  readonly addresses: readonly string[];
  /** Named container ports (`spec.containers[].ports[]` with a name), which resolve Services' named targetPorts. */
  readonly namedPorts?: Readonly<Record<string, number>>;
  /** The Deployment's or Pod's own `metadata.annotations`, when it has any. */
  readonly annotations?: Labels;
  /** The pod's `proxy.istio.io/config` annotation, when it has one (the ProxyConfig fields meshc reads). */
  readonly proxyConfig?: ProxyConfigFacts;
  /**
   * A Pod's `spec.hostname` when its `spec.subdomain` names a headless Service of its namespace: the EndpointSlice
   * controller gives its endpoint that hostname (`<hostname>.<subdomain>.<ns>.svc.<domain>` resolves to it).
   */
  readonly hostname?: { readonly name: string; readonly subdomain: string };
}

export interface NamespaceNode {
  readonly kind: "namespace";
  readonly span: Span | undefined;
  readonly name: string;
  readonly labels: Labels;
}

export interface ServiceAccountNode {
  readonly kind: "serviceAccount";
  readonly span: Span;
  readonly name: string;
  readonly namespace: string;
}

/** MeshConfig with Istio's defaults applied. */
export interface MeshConfigNode {
  readonly span: Span | undefined;
  readonly trustDomain: string;
  readonly trustDomainAliases: readonly string[];
  readonly rootNamespace: string;
  readonly outboundTrafficPolicy: "ALLOW_ANY" | "REGISTRY_ONLY";
  /**
   * `outboundTrafficPolicy.mode` as written, where it is written: meshc models ALLOW_ANY and REGISTRY_ONLY; Istio 1.31's
   * ALLOW_ANY_DYNAMIC_DNS is reported by the check stage (check/validate/dynamic-dns.ts), not silently read as ALLOW_ANY.
   */
  readonly outboundTrafficPolicyMode: { readonly value: string | undefined; readonly span: Span | undefined };
  /**
   * `inboundTrafficPolicy.mode`: PASSTHROUGH (the default) forwards inbound traffic to the address the client dialled;
   * LOCALHOST to 127.0.0.1 (cluster_builder.go `buildInboundClustersFromServiceInstances`).
   */
  readonly inboundTrafficPolicy: "PASSTHROUGH" | "LOCALHOST";
  readonly enableAutoMtls: boolean;
  readonly extensionProviders: readonly ExtensionProvider[];
  /** Which Kubernetes Ingresses istiod converts (compiler/ir/ingress.ts): `ingressControllerMode`, default STRICT. */
  readonly ingressControllerMode: "OFF" | "DEFAULT" | "STRICT";
  /** `ingressClass` (default `istio`), `ingressService` (default `istio-ingressgateway`), `ingressSelector`. */
  readonly ingressClass: string;
  readonly ingressService: string;
  readonly ingressSelector: string;
  /** `defaultConfig`: the ProxyConfig every proxy starts from (the fields meshc reads, compiler/ir/proxy-config.ts). */
  readonly defaultConfig: ProxyConfigFacts;
}

/** A Gateway API resource as the user wrote it (Gateway, HTTPRoute, ...): emitted to `istio.yaml` unchanged. */
export interface GatewayApiNode {
  readonly kind: "gatewayApi";
  readonly span: Span;
  readonly object: Readonly<Record<string, unknown>>;
  /** Its Kubernetes kind (`HTTPRoute`). */
  readonly resourceKind: string;
  readonly name: string;
  readonly namespace: string;
}

export interface MeshIR {
  readonly meshConfig: MeshConfigNode;
  /** The istiod feature flags the mesh runs with (compiler/ir/istiod-features.ts; istiod's defaults unless set). */
  readonly istiod: IstiodFeatures;
  readonly namespaces: readonly NamespaceNode[];
  readonly services: readonly ServiceNode[];
  readonly workloads: readonly WorkloadNode[];
  readonly serviceAccounts: readonly ServiceAccountNode[];
  /** Every Istio resource, sorted by (kind, namespace, name). */
  readonly resources: readonly IstioNode[];
  /** The Gateway API resources as written, sorted by (kind, namespace, name); `resources` holds what istiod makes of them. */
  readonly gatewayApi: readonly GatewayApiNode[];
}

const byKind = new WeakMap<MeshIR, Map<IstioNode["kind"], IstioNode[]>>();

/**
 * The Istio resources of one kind, in IR order. Memoized per IR (the IR is immutable once lowered): checks, emitters
 * and engines ask for the same kind per workload, per cluster or per decision, and a fresh scan each time made their
 * cost grow with the size of the mesh (bench/README.md).
 */
export function resourcesOf<K extends IstioNode["kind"]>(
  ir: MeshIR,
  kind: K,
): readonly Extract<IstioNode, { kind: K }>[] {
  let index = byKind.get(ir);
  if (index === undefined) {
    index = new Map();
    for (const r of ir.resources) {
      const list = index.get(r.kind);
      if (list === undefined) index.set(r.kind, [r]);
      else list.push(r);
    }
    byKind.set(ir, index);
  }
  // Every node in the list under `kind` has that kind (built just above).
  return (index.get(kind) ?? []) as readonly IstioNode[] as readonly Extract<IstioNode, { kind: K }>[];
}

interface Lookups {
  readonly workloads: ReadonlyMap<string, WorkloadNode>;
  readonly services: ReadonlyMap<string, ServiceNode>;
}
const lookups = new WeakMap<MeshIR, Lookups>();

function lookupsOf(ir: MeshIR): Lookups {
  let l = lookups.get(ir);
  if (l === undefined) {
    const workloads = new Map<string, WorkloadNode>();
    const services = new Map<string, ServiceNode>();
    // The first node wins, as `Array.find` did at the call sites this replaces.
    for (const w of ir.workloads) if (!workloads.has(w.id)) workloads.set(w.id, w);
    for (const s of ir.services) if (!services.has(s.fqdn)) services.set(s.fqdn, s);
    l = { workloads, services };
    lookups.set(ir, l);
  }
  return l;
}

/** The workload with this id (`namespace/name`). Memoized per IR, like `resourcesOf`. */
export function workloadById(ir: MeshIR, id: string): WorkloadNode | undefined {
  return lookupsOf(ir).workloads.get(id);
}

/** The Kubernetes Service with this FQDN. Memoized per IR, like `resourcesOf`. */
export function serviceByFqdn(ir: MeshIR, fqdn: string): ServiceNode | undefined {
  return lookupsOf(ir).services.get(fqdn);
}
