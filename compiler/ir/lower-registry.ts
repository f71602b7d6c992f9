/**
 * Kubernetes objects → the service registry: namespaces, services (with inferred port protocols and selected
 * workloads), workloads (Deployments and Pods, with their sidecar injection decision) and service accounts.
 */
import type { InputDocument } from "../load/document.ts";
import { serviceFqdn } from "./hosts.ts";
import { list, record, str, stringMap, type Json } from "../load/json.ts";
import { selects } from "./labels.ts";
import type {
  NamespaceNode,
  ServiceAccountNode,
  ServiceEndpointNode,
  ServiceNode,
  ServicePortNode,
  WorkloadId,
  WorkloadNode,
} from "./ir.ts";
import { inferProtocol } from "./protocol.ts";
import { workloadsOfNamespace } from "./index-workloads.ts";
import { annotationProxyConfig } from "./proxy-config.ts";

export interface Registry {
  readonly namespaces: readonly NamespaceNode[];
  readonly services: readonly ServiceNode[];
  readonly workloads: readonly WorkloadNode[];
  readonly serviceAccounts: readonly ServiceAccountNode[];
}

const INJECT = "sidecar.istio.io/inject";

export function metaOf(doc: InputDocument): { name: string; namespace: string } {
  const meta = record(doc.object["metadata"]);
  return { name: str(meta["name"]) ?? "", namespace: str(meta["namespace"]) ?? "default" };
}

function lowerNamespace(doc: InputDocument): NamespaceNode {
  return {
    kind: "namespace",
    span: doc.span,
    name: metaOf(doc).name,
    labels: stringMap(record(doc.object["metadata"])["labels"]),
  };
}

/**
 * Whether the injector would add a sidecar, following Istio's default injection webhooks
 * (https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy):
 * a pod label or annotation `sidecar.istio.io/inject: "false"` wins; `istio-injection: disabled` on the namespace
 * disables; `istio-injection: enabled` or an `istio.io/rev` label enables; otherwise only a pod label
 * `sidecar.istio.io/inject: "true"` enables. meshc's one assumption: a namespace the input does not declare is
 * taken to have injection enabled, since a mesh described to meshc is meant to run with sidecars.
 */
function hasSidecar(
  podLabels: Readonly<Record<string, string>>,
  podAnnotations: Readonly<Record<string, string>>,
  ns: NamespaceNode | undefined,
): boolean {
  const pod = podLabels[INJECT] ?? podAnnotations[INJECT];
  if (pod === "false") return false;
  if (ns === undefined) return true;
  if (ns.labels["istio-injection"] === "disabled") return false;
  if (ns.labels["istio-injection"] === "enabled" || ns.labels["istio.io/rev"] !== undefined) return true;
  return pod === "true";
}

function lowerWorkload(doc: InputDocument, namespaces: ReadonlyMap<string, NamespaceNode>): WorkloadNode {
  const { name, namespace } = metaOf(doc);
  const source = doc.object["kind"] === "Pod" ? "Pod" : "Deployment";
  const podMeta =
    source === "Pod"
      ? record(doc.object["metadata"])
      : record(record(record(doc.object["spec"])["template"])["metadata"]);
  const podSpec =
    source === "Pod" ? record(doc.object["spec"]) : record(record(record(doc.object["spec"])["template"])["spec"]);
  const labels = stringMap(podMeta["labels"]);
  const status = record(doc.object["status"]);
  const addresses = [
    ...new Set(
      [str(status["podIP"]), ...list(status["podIPs"]).map((p) => str(record(p)["ip"]))].filter(
        (a): a is string => !!a,
      ),
    ),
  ];
  const namedPorts = list(podSpec["containers"]).flatMap((c) =>
    list(record(c)["ports"]).flatMap((p): [string, number][] => {
      const { name: portName, containerPort } = record(p);
      return typeof portName === "string" && typeof containerPort === "number" ? [[portName, containerPort]] : [];
    }),
  );
  return {
    kind: "workload",
    span: doc.span,
    id: `${namespace}/${name}` as WorkloadId,
    name,
    namespace,
    source,
    labels,
    serviceAccount: str(podSpec["serviceAccountName"]) ?? str(podSpec["serviceAccount"]) ?? "default",
    sidecar: hasSidecar(labels, stringMap(podMeta["annotations"]), namespaces.get(namespace)),
    addresses,
    ...(namedPorts.length === 0 ? {} : { namedPorts: Object.fromEntries(namedPorts) }),
    ...annotationsOf(doc),
    ...podProxyConfig(stringMap(podMeta["annotations"])),
    ...podHostname(source, podSpec),
  };
}

/** The pod's `proxy.istio.io/config` (the pod template's, for a Deployment), left out when it has none. */
function podProxyConfig(annotations: Readonly<Record<string, string>>): Pick<WorkloadNode, "proxyConfig"> {
  const proxyConfig = annotationProxyConfig(annotations);
  return proxyConfig === undefined ? {} : { proxyConfig };
}

/** A Pod's `spec.hostname` with its `spec.subdomain` (both needed for a DNS name under a headless Service). */
function podHostname(source: WorkloadNode["source"], spec: Json): Pick<WorkloadNode, "hostname"> {
  const name = str(spec["hostname"]);
  const subdomain = str(spec["subdomain"]);
  return source === "Pod" && name && subdomain ? { hostname: { name, subdomain } } : {};
}

/** `kubernetes.io/service-name`: the label that ties an EndpointSlice to its Service (discovery.k8s.io/v1). */
const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

/**
 * The ready endpoints the input's EndpointSlices give each Service (`namespace/name` → endpoints), as istio's
 * kube controller reads them (pilot/pkg/serviceregistry/kube/controller/endpointslice.go `updateEDS`: slices by
 * their `kubernetes.io/service-name` label; an endpoint whose `conditions.ready` is false is ignored; every address
 * becomes an endpoint, with the Pod of that IP if there is one; FQDN slices are not read). Slices in name order.
 */
function endpointSlices(docs: readonly InputDocument[], workloads: readonly WorkloadNode[]) {
  const byAddress = new Map<string, WorkloadId>();
  for (const w of workloads) for (const a of w.addresses) if (!byAddress.has(a)) byAddress.set(a, w.id);
  const out = new Map<string, ServiceEndpointNode[]>();
  const slices = docs
    .filter((d) => d.object["kind"] === "EndpointSlice")
    .map((d) => ({ doc: d, ...metaOf(d) }))
    .sort(byNsName);
  for (const { doc, namespace } of slices) {
    const service = stringMap(record(doc.object["metadata"])["labels"])[SERVICE_NAME_LABEL];
    if (service === undefined || doc.object["addressType"] === "FQDN") continue;
    const ports: Record<string, number> = {};
    for (const p of list(doc.object["ports"])) {
      const port = record(p);
      if (typeof port["port"] === "number") ports[str(port["name"]) ?? ""] = port["port"];
    }
    const key = `${namespace}/${service}`;
    const eps = out.get(key) ?? [];
    out.set(key, eps);
    for (const e of list(doc.object["endpoints"])) {
      const endpoint = record(e);
      if (record(endpoint["conditions"])["ready"] === false) continue;
      const hostname = str(endpoint["hostname"]);
      for (const a of list(endpoint["addresses"])) {
        const address = str(a);
        if (address === undefined) continue;
        const workload = byAddress.get(address);
        eps.push({
          address,
          ports,
          ...(hostname === undefined ? {} : { hostname }),
          ...(workload === undefined ? {} : { workload }),
        });
      }
    }
  }
  return out;
}

/** The object's own `metadata.annotations` (what suppressions read), left out when there are none. */
function annotationsOf(doc: InputDocument): { annotations?: Readonly<Record<string, string>> } {
  const annotations = stringMap(record(doc.object["metadata"])["annotations"]);
  return Object.keys(annotations).length === 0 ? {} : { annotations };
}

function lowerService(
  doc: InputDocument,
  workloads: readonly WorkloadNode[],
  slices: ReadonlyMap<string, readonly ServiceEndpointNode[]>,
): ServiceNode {
  const { name, namespace } = metaOf(doc);
  const spec = record(doc.object["spec"]);
  const selector = spec["selector"] === undefined ? undefined : stringMap(spec["selector"]);
  const ports: ServicePortNode[] = list(spec["ports"]).map((p) => {
    const port = record(p);
    const number = typeof port["port"] === "number" ? port["port"] : 0;
    const portName = str(port["name"]);
    return {
      name: portName,
      port: number,
      targetPort: typeof port["targetPort"] === "number" ? port["targetPort"] : number,
      ...(typeof port["targetPort"] === "string" ? { targetPortName: port["targetPort"] } : {}),
      protocol: inferProtocol(portName, str(port["protocol"]), str(port["appProtocol"])),
    };
  });
  const endpoints = slices.get(`${namespace}/${name}`);
  const selected =
    selector === undefined || Object.keys(selector).length === 0
      ? []
      : workloadsOfNamespace(workloads, namespace)
          .filter((w) => selects(selector, w.labels))
          .map((w) => w.id);
  return {
    kind: "service",
    span: doc.span,
    name,
    namespace,
    fqdn: serviceFqdn(name, namespace),
    ports,
    selector,
    workloads: selected,
    ...annotationsOf(doc),
    // kube/conversion.go ConvertService: `ClusterIP == ClusterIPNone` → resolution Passthrough, no address.
    ...(spec["clusterIP"] === "None" ? { headless: true as const } : {}),
    ...clusterAddresses(spec),
    ...(endpoints === undefined ? {} : { endpointSlices: endpoints }),
  };
}

/**
 * kube/conversion.go `ConvertService`: the addresses of a Service that is not headless (`spec.clusterIP`, replaced by
 * `spec.clusterIPs` when it lists several), and for `type: ExternalName` with a name, resolution `Alias` (a headless
 * Service stays Passthrough: `ClusterIP == None` is checked after the type).
 */
function clusterAddresses(spec: Json): Pick<ServiceNode, "addresses" | "externalName"> {
  const clusterIP = str(spec["clusterIP"]);
  const clusterIPs = list(spec["clusterIPs"])
    .map(str)
    .filter((a): a is string => a !== undefined);
  const externalName = str(spec["externalName"]);
  if (clusterIP === "None") return {};
  return {
    ...(clusterIP ? { addresses: clusterIPs.length > 1 ? clusterIPs : [clusterIP] } : {}),
    ...(spec["type"] === "ExternalName" && externalName ? { externalName } : {}),
  };
}

const byNsName = <T extends { namespace: string; name: string }>(a: T, b: T): number =>
  a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** Builds the registry from the Kubernetes documents (others are ignored). */
export function lowerRegistry(docs: readonly InputDocument[], referencedNamespaces: Iterable<string>): Registry {
  const ofKind = (k: string) => docs.filter((d) => d.object["kind"] === k);
  const declared = new Map(ofKind("Namespace").map((d) => [metaOf(d).name, lowerNamespace(d)] as const));
  const workloads = [...ofKind("Deployment"), ...ofKind("Pod")].map((d) => lowerWorkload(d, declared)).sort(byNsName);
  const slices = endpointSlices(docs, workloads);
  const services = ofKind("Service")
    .map((d) => lowerService(d, workloads, slices))
    .sort(byNsName);
  const serviceAccounts: ServiceAccountNode[] = ofKind("ServiceAccount")
    .map((d) => ({ kind: "serviceAccount" as const, span: d.span, ...metaOf(d) }))
    .sort(byNsName);
  const names = new Set([
    ...declared.keys(),
    ...referencedNamespaces,
    ...docs.filter((d) => d.object["kind"] !== "Namespace").map((d) => metaOf(d).namespace),
  ]);
  const namespaces = [...names]
    .sort()
    .map((n): NamespaceNode => declared.get(n) ?? { kind: "namespace", span: undefined, name: n, labels: {} });
  return { namespaces, services, workloads, serviceAccounts };
}
