/**
 * Candidate declarations for the registry: `namespace()` for Namespaces, `service()` for a Service together with the
 * Deployments it selects (its versions, when a DestinationRule of the same name has one subset per Deployment
 * `<service>-<subset>`), `workload()` for other Deployments. Each returns undefined where the typed call cannot say
 * what the input says; the caller then keeps the resources in `raw()`.
 */
import {
  namespace,
  service,
  workload,
  type Service,
  type ServicePortProps,
  type VersionProps,
} from "../../stdlib/index.ts";
import { resolveShortname, serviceFqdn } from "../ir/hosts.ts";
import { isRecord, list, record, str, stringMap } from "../load/json.ts";
import type { InputDocument } from "../load/document.ts";
import type { Decl, Names } from "./model.ts";

type Obj = Readonly<Record<string, unknown>>;

export function metaOf(doc: InputDocument): { name: string; namespace: string; labels: Obj; annotations: Obj } {
  const m = record(doc.object["metadata"]);
  return {
    name: str(m["name"]) ?? "",
    namespace: str(m["namespace"]) ?? "default",
    labels: record(m["labels"]),
    annotations: record(m["annotations"]),
  };
}

const sameLabels = (a: Obj, b: Obj) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** Drop keys whose value is undefined, so printed arguments hold only what was said. */
export function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** `namespace(name, { labels })`. */
export function namespaceDecl(doc: InputDocument, names: Names): Decl {
  const { name, labels } = metaOf(doc);
  const args = Object.keys(labels).length === 0 ? [name] : [name, { labels }];
  const binding = names.identifier(name, "ns");
  const value = names.refer(namespace(name, args[1] as never), binding);
  return { binding, callee: "namespace", args, value, sources: [doc] };
}

interface Pod {
  readonly labels: Obj;
  readonly serviceAccount: string;
  readonly sidecarOff: boolean;
  readonly replicas: number | undefined;
  readonly image: string | undefined;
  readonly addresses: string[];
}

/** What a Deployment says that the DSL keeps. */
function podOf(doc: InputDocument): Pod {
  const spec = record(doc.object["spec"]);
  const template = record(spec["template"]);
  const podSpec = record(template["spec"]);
  const annotations = stringMap(record(template["metadata"])["annotations"]);
  const status = record(doc.object["status"]);
  return {
    labels: stringMap(record(template["metadata"])["labels"]),
    serviceAccount: str(podSpec["serviceAccountName"]) ?? str(podSpec["serviceAccount"]) ?? "default",
    sidecarOff: annotations["sidecar.istio.io/inject"] === "false",
    replicas: typeof spec["replicas"] === "number" ? spec["replicas"] : undefined,
    image: str(record(list(podSpec["containers"])[0])["image"]),
    addresses: list(status["podIPs"])
      .map((p) => str(record(p)["ip"]))
      .filter((a): a is string => a !== undefined),
  };
}

/** A Service's ports as `ServicePortProps`, or undefined when one has no name or a named target port. */
function portsOf(doc: InputDocument): ServicePortProps[] | undefined {
  const out: ServicePortProps[] = [];
  for (const p of list(record(doc.object["spec"])["ports"])) {
    const port = record(p);
    const name = str(port["name"]);
    if (name === undefined || typeof port["port"] !== "number") return undefined;
    if (port["targetPort"] !== undefined && typeof port["targetPort"] !== "number") return undefined;
    out.push(
      defined({
        name,
        port: port["port"],
        targetPort: port["targetPort"] === port["port"] ? undefined : port["targetPort"],
        protocol: port["protocol"] === "TCP" ? undefined : (str(port["protocol"]) as ServicePortProps["protocol"]),
        appProtocol: str(port["appProtocol"]),
      }),
    );
  }
  return out;
}

export interface RegistryInputs {
  readonly deployments: readonly InputDocument[];
  readonly destinationRules: readonly InputDocument[];
}

/** The DestinationRule named after the service, for its host, with only subsets and a traffic policy. */
function ruleFor(svcName: string, ns: string, rules: readonly InputDocument[]): InputDocument | undefined {
  return rules.find((r) => {
    const m = metaOf(r);
    const spec = record(r.object["spec"]);
    return (
      m.name === svcName &&
      m.namespace === ns &&
      typeof spec["host"] === "string" &&
      resolveShortname(spec["host"], ns) === serviceFqdn(svcName, ns) &&
      Object.keys(spec).every((k) => ["host", "subsets", "trafficPolicy"].includes(k))
    );
  });
}

function versionProps(
  svcName: string,
  version: string,
  pod: Pod,
  subsetLabels: Obj,
  trafficPolicy: unknown,
  sa: string | undefined,
): VersionProps {
  const defaultLabels = { app: svcName, version };
  return defined({
    labels: sameLabels(pod.labels, defaultLabels) ? undefined : (pod.labels as Record<string, string>),
    subsetLabels: sameLabels(subsetLabels, pod.labels) ? undefined : (subsetLabels as Record<string, string>),
    serviceAccount: pod.serviceAccount === sa ? undefined : pod.serviceAccount,
    sidecar: pod.sidecarOff ? false : undefined,
    replicas: pod.replicas === 1 || pod.replicas === undefined ? undefined : pod.replicas,
    image: pod.image === `${svcName}:${version}` ? undefined : pod.image,
    trafficPolicy: trafficPolicy as VersionProps["trafficPolicy"],
    addresses: pod.addresses.length === 0 ? undefined : pod.addresses,
  });
}

/** A Service selecting `app: <its name>`, the pods `service()` declares for it. */
export function selectsOwnPods(doc: InputDocument): boolean {
  return sameLabels(stringMap(record(doc.object["spec"])["selector"]), { app: metaOf(doc).name });
}

/**
 * `service(name, { namespace, ports, versions, serviceAccount, trafficPolicy })` for a Service selecting `app: <name>`,
 * with the Deployments and DestinationRule it stands for; undefined when the typed call cannot express it.
 */
export function serviceDecl(doc: InputDocument, inputs: RegistryInputs, names: Names, ns: unknown): Decl | undefined {
  const { name, namespace: nsName, labels } = metaOf(doc);
  if (!selectsOwnPods(doc)) return undefined;
  const ports = portsOf(doc);
  if (ports === undefined) return undefined;
  const deployments = inputs.deployments.filter((d) => metaOf(d).namespace === nsName);
  const rule = ruleFor(name, nsName, inputs.destinationRules);
  const ruleSpec = rule && record(rule.object["spec"]);
  const subsets = list(ruleSpec?.["subsets"]).map(record);
  const sources: InputDocument[] = [doc];
  let versions: Record<string, VersionProps> | undefined;
  let serviceAccount: string | undefined;
  let sidecar: false | undefined;
  let subsetsOff = false;
  if (rule !== undefined && subsets.length > 0) {
    const pods: [string, Pod, Obj, unknown][] = [];
    for (const s of subsets) {
      const v = str(s["name"]);
      const d = deployments.find((dep) => metaOf(dep).name === `${name}-${v}`);
      if (
        v === undefined ||
        d === undefined ||
        Object.keys(s).some((k) => !["name", "labels", "trafficPolicy"].includes(k))
      )
        return undefined;
      pods.push([v, podOf(d), record(s["labels"]), s["trafficPolicy"]]);
      sources.push(d);
    }
    const accounts = [...new Set(pods.map(([, p]) => p.serviceAccount))];
    serviceAccount = accounts.length === 1 ? accounts[0] : undefined;
    versions = Object.fromEntries(
      pods.map(([v, pod, subsetLabels, tp]) => [
        v,
        versionProps(name, v, pod, subsetLabels, tp, serviceAccount ?? name),
      ]),
    );
    sources.push(rule);
  } else if (deployments.some((dep) => metaOf(dep).name === name)) {
    const d = deployments.find((dep) => metaOf(dep).name === name)!;
    const pod = podOf(d);
    if (!sameLabels(pod.labels, { app: name }) || (pod.replicas ?? 1) !== 1) return undefined;
    serviceAccount = pod.serviceAccount;
    sidecar = pod.sidecarOff ? false : undefined;
    sources.push(d);
    if (rule !== undefined && subsets.length === 0) sources.push(rule);
  } else {
    // Versions without subsets (a mesh routed with the Gateway API splits between Services per version): the
    // Deployments `<service>-<version>` whose pods the Service selects.
    const prefix = `${name}-`;
    const versioned = deployments.filter(
      (dep) => metaOf(dep).name.startsWith(prefix) && podOf(dep).labels["app"] === name,
    );
    if (versioned.length === 0) return undefined;
    const pods = versioned.map((d) => [metaOf(d).name.slice(prefix.length), podOf(d)] as const);
    const accounts = [...new Set(pods.map(([, p]) => p.serviceAccount))];
    serviceAccount = accounts.length === 1 ? accounts[0] : undefined;
    versions = Object.fromEntries(
      pods.map(([v, pod]) => [v, versionProps(name, v, pod, pod.labels, undefined, serviceAccount ?? name)]),
    );
    subsetsOff = true;
    sources.push(...versioned);
    if (rule !== undefined && subsets.length === 0) sources.push(rule);
  }
  const extraLabels = Object.fromEntries(
    Object.entries(labels).filter(([k, v]) => !(k === "app" && v === name) && !(k === "service" && v === name)),
  );
  const props = defined({
    namespace: ns,
    ports,
    versions,
    subsets: subsetsOff ? false : undefined,
    serviceAccount: serviceAccount === name ? undefined : serviceAccount,
    sidecar,
    labels: Object.keys(extraLabels).length === 0 ? undefined : extraLabels,
    trafficPolicy: sources.includes(rule!) ? ruleSpec?.["trafficPolicy"] : undefined,
  });
  const binding = names.identifier(name, "svc");
  const value = names.refer(service(name, props as never), binding);
  return { binding, callee: "service", args: [name, props], value, sources };
}

/**
 * `service(name, { namespace, ports, selector: other.version(v) })` for a Service per version (Istio's
 * bookinfo-versions.yaml): its selector is exactly the pod labels of a declared service's version in its namespace.
 */
export function versionServiceDecl(
  doc: InputDocument,
  services: readonly Service[],
  names: Names,
  ns: unknown,
): Decl | undefined {
  const { name, namespace: nsName, labels } = metaOf(doc);
  const selector = stringMap(record(doc.object["spec"])["selector"]);
  const ports = portsOf(doc);
  if (ports === undefined || Object.keys(labels).some((k) => !["app", "service"].includes(k))) return undefined;
  for (const svc of services) {
    if (svc.namespace !== nsName || svc.props.selector !== undefined) continue;
    for (const v of Object.keys(svc.props.versions ?? {})) {
      const version = svc.version(v);
      if (!sameLabels(version.labels, selector)) continue;
      const text = `${names.expressionOf(svc)!}.version(${JSON.stringify(v)})`;
      const props = defined({ namespace: ns, ports, selector: names.refer(version, text) });
      const binding = names.identifier(name, "svc");
      const value = names.refer(service(name, props as never), binding);
      return { binding, callee: "service", args: [name, props], value, sources: [doc] };
    }
  }
  return undefined;
}

/** `workload(name, { namespace, labels, serviceAccount, sidecar, replicas, image, addresses })` for a Deployment. */
export function workloadDecl(doc: InputDocument, names: Names, ns: unknown): Decl {
  const { name } = metaOf(doc);
  const pod = podOf(doc);
  const props = defined({
    namespace: ns,
    labels: sameLabels(pod.labels, { app: name }) ? undefined : pod.labels,
    serviceAccount: pod.serviceAccount === name ? undefined : pod.serviceAccount,
    sidecar: pod.sidecarOff ? false : undefined,
    replicas: pod.replicas === 1 || pod.replicas === undefined ? undefined : pod.replicas,
    image: pod.image === name ? undefined : pod.image,
    addresses: pod.addresses.length === 0 ? undefined : pod.addresses,
  });
  const binding = names.identifier(name, "workload");
  const value = names.refer(workload(name, props as never), binding);
  return { binding, callee: "workload", args: [name, props], value, sources: [doc] };
}

export { isRecord };
