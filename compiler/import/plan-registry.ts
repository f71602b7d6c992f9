/**
 * Candidate declarations for the registry: `namespace()` for Namespaces, `service()` for a Service together with the
 * Deployments it selects (its versions, when a DestinationRule of the same name has one subset per Deployment
 * `<service>-<subset>`), `workload()` for other Deployments. Each returns undefined where the typed call cannot say
 * what the input says; the caller then keeps the resources in `raw()`.
 */
import { namespace, service, workload, type ServicePortProps, type VersionProps } from "../../stdlib/index.ts";
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
    image: pod.image,
    trafficPolicy: trafficPolicy as VersionProps["trafficPolicy"],
    addresses: pod.addresses.length === 0 ? undefined : pod.addresses,
  });
}

/**
 * `service(name, { namespace, ports, versions, serviceAccount, trafficPolicy })` for a Service selecting `app: <name>`,
 * with the Deployments and DestinationRule it stands for; undefined when the typed call cannot express it.
 */
export function serviceDecl(doc: InputDocument, inputs: RegistryInputs, names: Names, ns: unknown): Decl | undefined {
  const { name, namespace: nsName, labels } = metaOf(doc);
  const spec = record(doc.object["spec"]);
  if (!sameLabels(stringMap(spec["selector"]), { app: name })) return undefined;
  const ports = portsOf(doc);
  if (ports === undefined) return undefined;
  const deployments = inputs.deployments.filter((d) => metaOf(d).namespace === nsName);
  const rule = ruleFor(name, nsName, inputs.destinationRules);
  const ruleSpec = rule && record(rule.object["spec"]);
  const subsets = list(ruleSpec?.["subsets"]).map(record);
  const sources: InputDocument[] = [doc];
  let versions: Record<string, VersionProps> | undefined;
  let serviceAccount: string | undefined;
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
  } else {
    const d = deployments.find((dep) => metaOf(dep).name === name);
    if (d === undefined) return undefined;
    const pod = podOf(d);
    if (!sameLabels(pod.labels, { app: name }) || pod.sidecarOff || (pod.replicas ?? 1) !== 1) return undefined;
    serviceAccount = pod.serviceAccount;
    sources.push(d);
    if (rule !== undefined && subsets.length === 0) sources.push(rule);
  }
  const extraLabels = Object.fromEntries(
    Object.entries(labels).filter(([k, v]) => !(k === "app" && v === name) && !(k === "service" && v === name)),
  );
  const props = defined({
    namespace: ns,
    ports,
    versions,
    serviceAccount: serviceAccount === name ? undefined : serviceAccount,
    labels: Object.keys(extraLabels).length === 0 ? undefined : extraLabels,
    trafficPolicy: sources.includes(rule!) ? ruleSpec?.["trafficPolicy"] : undefined,
  });
  const binding = names.identifier(name, "svc");
  const value = names.refer(service(name, props as never), binding);
  return { binding, callee: "service", args: [name, props], value, sources };
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
