/**
 * Typed references for imported resources: the declared services, versions, workloads, namespaces and gateways a
 * host, destination, selector or principal string stands for. A string becomes a reference only when the reference
 * lowers back to exactly that string (the importer verifies every declaration anyway).
 */
import {
  isGatewayClass,
  destination,
  type Gateway,
  type KubeGateway,
  type Namespace,
  type Service,
  type Version,
  type Workload,
} from "../../stdlib/index.ts";
import { resolveShortname } from "../ir/hosts.ts";
import { isRecord, record, str } from "../load/json.ts";
import type { Names } from "./model.ts";

type Obj = Readonly<Record<string, unknown>>;

export class References {
  readonly services = new Map<string, Service>();
  readonly workloads = new Map<string, Workload>();
  readonly namespaces = new Map<string, Namespace>();
  readonly gateways = new Map<string, Gateway>();
  /** Gateway API Gateways by `namespace/name`. */
  readonly kubeGateways = new Map<string, KubeGateway>();
  trustDomain = "cluster.local";

  constructor(private readonly names: Names) {}

  /** The declared service whose FQDN `host` names, seen from `namespace`. */
  service(host: string, namespace: string): Service | undefined {
    const fqdn = resolveShortname(host, namespace);
    return [...this.services.values()].find((s) => s.host === fqdn);
  }

  /** A namespace name, as the declared namespace when there is one. */
  namespace(name: string): Namespace | string {
    return this.namespaces.get(name) ?? name;
  }

  /** An Istio `Destination` as `svc`, `svc.subset(v)`, `svc.port(p)` or `destination(svc, {...})`; else as written. */
  destination(d: unknown, namespace: string): unknown {
    if (!isRecord(d) || typeof d["host"] !== "string") return d;
    const svc = this.service(d["host"], namespace);
    if (svc === undefined || Object.keys(d).some((k) => !["host", "subset", "port"].includes(k))) return d;
    const subset = str(d["subset"]);
    if (subset !== undefined && !(subset in (svc.props.versions ?? {}))) return d;
    const portValue = record(d["port"]);
    let port: string | undefined;
    if (d["port"] !== undefined) {
      if (Object.keys(portValue).length !== 1 || typeof portValue["number"] !== "number") return d;
      port = svc.props.ports.find((p) => p.port === portValue["number"])?.name;
      if (port === undefined) return d;
    }
    const id = this.names.expressionOf(svc)!;
    if (subset === undefined && port === undefined) return svc;
    if (port === undefined)
      return this.names.refer(svc.subset(subset as never), `${id}.subset(${JSON.stringify(subset)})`);
    if (subset === undefined) return this.names.refer(svc.port(port as never), `${id}.port(${JSON.stringify(port)})`);
    const value = destination(svc, { subset: subset, port: port });
    return this.names.refer(
      value,
      `destination(${id}, { subset: ${JSON.stringify(subset)}, port: ${JSON.stringify(port)} })`,
    );
  }

  /** A workload selector's labels as the service (`app: <name>`), one of its versions, or a workload. */
  selector(matchLabels: Obj, namespace: string): Service | Version | Workload | undefined {
    const same = (labels: Obj) =>
      Object.keys(labels).length === Object.keys(matchLabels).length &&
      Object.entries(labels).every(([k, v]) => matchLabels[k] === v);
    for (const svc of this.services.values()) {
      if (svc.namespace !== namespace) continue;
      if (same({ app: svc.name })) return svc;
      for (const v of Object.keys(svc.props.versions ?? {})) {
        const version = svc.version(v);
        if (same(version.labels))
          return this.names.refer(version, `${this.names.expressionOf(svc)!}.version(${JSON.stringify(v)})`);
      }
    }
    return [...this.workloads.values()].find((w) => w.namespace === namespace && same(w.labels));
  }

  /**
   * A principal `<trust domain>/ns/<ns>/sa/<sa>` as the service whose every workload runs as `sa`, a version, or a
   * workload; else the string.
   */
  principal(p: unknown): unknown {
    if (typeof p !== "string") return p;
    const m = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(p);
    if (m === null || m[1] !== this.trustDomain) return p;
    const [, , ns, sa] = m;
    for (const svc of this.services.values()) {
      if (svc.namespace !== ns) continue;
      const versions = Object.keys(svc.props.versions ?? {});
      const accounts =
        versions.length === 0
          ? [svc.props.serviceAccount ?? svc.name]
          : versions.map((v) => svc.version(v as never).serviceAccount);
      if (accounts.every((a) => a === sa)) return svc;
    }
    for (const svc of this.services.values()) {
      if (svc.namespace !== ns) continue;
      for (const v of Object.keys(svc.props.versions ?? {})) {
        const version = svc.version(v);
        if (version.serviceAccount === sa)
          return this.names.refer(version, `${this.names.expressionOf(svc)!}.version(${JSON.stringify(v)})`);
      }
    }
    const workload = [...this.workloads.values()].find((w) => w.namespace === ns && w.serviceAccount === sa);
    return workload ?? [...this.kubeGateways.values()].find((g) => g.namespace === ns && deployedAs(g) === sa) ?? p;
  }

  /** A VirtualService gateway name (`name`, `ns/name`) as the declared gateway. */
  gateway(name: unknown, namespace: string): unknown {
    if (typeof name !== "string" || name === "mesh") return name;
    const key = name.includes("/") ? name : `${namespace}/${name}`;
    // Only where the reference lowers to the same text: `name` within its namespace, `ns/name` across namespaces.
    if (name.includes("/") && key.startsWith(`${namespace}/`)) return name;
    return this.gateways.get(key) ?? name;
  }
}

/**
 * The service account of the deployment istiod makes for a Gateway: `<name>-<class>` (`<name>` for the classes
 * without a suffix), or the `gateway.istio.io/name-override` annotation (istio pilot/pkg/config/kube/gateway
 * deploymentcontroller.go, gatewayclass.go `classInfos`). A reference that lowers otherwise fails verification.
 */
function deployedAs(gw: KubeGateway): string {
  const ref = gw.props.gatewayClassName ?? "istio";
  const cls = isGatewayClass(ref) ? ref.name : ref;
  const unsuffixed = isGatewayClass(ref)
    ? ["istio.io/mesh-controller", "istio.io/eastwest-controller"].includes(ref.controllerName)
    : ["istio-waypoint", "istio-east-west"].includes(cls);
  const name = unsuffixed ? gw.name : `${gw.name}-${cls}`;
  return gw.props.annotations?.["gateway.istio.io/name-override"] ?? name;
}
