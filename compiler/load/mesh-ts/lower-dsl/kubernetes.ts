/**
 * The Kubernetes side of the registry: Namespace, Service, Deployment (one per version or workload) and
 * ServiceAccount. Istio reads ports, labels, service accounts and sidecar injection from these.
 */
import { versionOf, type Namespace, type Service, type Workload } from "../../../../stdlib/index.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import { clean, meta, type LoweredDoc, type Origin, type PendingDiagnostic } from "./_types.ts";

/** `namespace("bookinfo", { labels })` → Namespace. */
export function lowerNamespace(ns: Namespace): LoweredDoc[] {
  const object = {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: meta(ns.name, undefined, { labels: ns.props.labels }),
  };
  return [
    {
      object,
      origin: { site: ns.site, argPath: [] },
      fields: [{ path: ["metadata", "labels"], site: ns.site, argPath: [1, "labels"] }],
    },
  ];
}

interface PodSpec {
  readonly name: string;
  readonly namespace: string;
  readonly app: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly sidecar: boolean;
  readonly replicas: number;
  readonly image: string;
  readonly containerPorts: readonly number[];
  /** Known pod IPs, given as the Deployment's `status.podIPs` (what lower-registry reads for Pods and Deployments). */
  readonly addresses?: readonly string[];
}

/** A Deployment running one pod template; `sidecar.istio.io/inject: "false"` when it has no sidecar. */
function deployment(pod: PodSpec, origin: Origin): LoweredDoc {
  const annotations = pod.sidecar ? undefined : { "sidecar.istio.io/inject": "false" };
  const object = clean({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(pod.name, pod.namespace, { labels: pod.labels }),
    spec: {
      replicas: pod.replicas,
      selector: { matchLabels: pod.labels },
      template: {
        metadata: clean({ labels: pod.labels, annotations }),
        spec: {
          serviceAccountName: pod.serviceAccount,
          containers: [
            clean({
              name: pod.app,
              image: pod.image,
              ports:
                pod.containerPorts.length === 0
                  ? undefined
                  : pod.containerPorts.map((containerPort) => ({ containerPort })),
            }),
          ],
        },
      },
    },
    status:
      pod.addresses === undefined || pod.addresses.length === 0
        ? undefined
        : { podIPs: pod.addresses.map((ip) => ({ ip })) },
  });
  return { object, origin, fields: [] };
}

/** A ServiceAccount (none for `default`, which Kubernetes creates in every namespace). */
export function serviceAccount(name: string, namespace: string, origin: Origin): LoweredDoc[] {
  if (name === "default") return [];
  return [
    { object: { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(name, namespace) }, origin, fields: [] },
  ];
}

/**
 * `service("reviews", { ports, versions })` → Service (selector `app: reviews`), and per version a Deployment
 * `reviews-<v>` and its ServiceAccount. A service without versions gets one Deployment named after it.
 */
export function lowerService(svc: Service, problems: PendingDiagnostic[]): LoweredDoc[] {
  const site = svc.site;
  const selected = svc.props.selector;
  const ports = svc.props.ports;
  const object = {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(svc.name, svc.namespace, { labels: { app: svc.name, service: svc.name, ...svc.props.labels } }),
    spec: {
      ports: ports.map((p) =>
        clean({
          name: p.name,
          port: p.port,
          targetPort: p.targetPort ?? p.port,
          protocol: p.protocol,
          appProtocol: p.appProtocol,
        }),
      ),
      selector: selected === undefined ? { app: svc.name } : { ...selected.labels },
    },
  };
  const docs: LoweredDoc[] = [
    { object, origin: { site, argPath: [] }, fields: [{ path: ["spec", "ports"], site, argPath: [1, "ports"] }] },
  ];
  // A Service per version (bookinfo-versions.yaml) selects another service's pods and runs none of its own.
  if (selected !== undefined) {
    if (Object.keys(svc.props.versions ?? {}).length > 0)
      problems.push({
        message: Messages.Service_0_selects_the_pods_of_1_and_cannot_declare_versions_of_its_own,
        args: [svc.name, `${selected.service.name} ${selected.name}`],
        origin: { site, argPath: [1, "versions"] },
      });
    return docs;
  }
  const containerPorts = [...new Set(ports.map((p) => p.targetPort ?? p.port))];
  const versions = Object.keys(svc.props.versions ?? {});
  if (versions.length === 0) {
    const sa = svc.props.serviceAccount ?? svc.name;
    const pod = {
      name: svc.name,
      namespace: svc.namespace,
      app: svc.name,
      labels: { app: svc.name },
      serviceAccount: sa,
    };
    const origin = { site, argPath: [] };
    const sidecar = svc.props.sidecar ?? true;
    docs.push(deployment({ ...pod, sidecar, replicas: 1, image: svc.name, containerPorts }, origin));
    docs.push(...serviceAccount(sa, svc.namespace, origin));
  }
  for (const name of versions) {
    const props = svc.props.versions?.[name] ?? {};
    const v = versionOf(svc, name);
    const origin = { site, argPath: [1, "versions", name] };
    docs.push(
      deployment(
        {
          name: `${svc.name}-${name}`,
          namespace: svc.namespace,
          app: svc.name,
          labels: v.labels,
          serviceAccount: v.serviceAccount,
          sidecar: props.sidecar ?? true,
          replicas: props.replicas ?? 1,
          image: props.image ?? `${svc.name}:${name}`,
          containerPorts,
          addresses: props.addresses,
        },
        origin,
      ),
    );
    docs.push(...serviceAccount(v.serviceAccount, svc.namespace, origin));
  }
  return docs;
}

/** `workload("istio-ingressgateway", { ... })` → Deployment and ServiceAccount. */
export function lowerWorkload(w: Workload): LoweredDoc[] {
  const origin = { site: w.site, argPath: [] };
  const pod: PodSpec = {
    name: w.name,
    namespace: w.namespace,
    app: w.name,
    labels: w.labels,
    serviceAccount: w.serviceAccount,
    sidecar: w.props.sidecar ?? true,
    replicas: w.props.replicas ?? 1,
    image: w.props.image ?? w.name,
    containerPorts: [],
    addresses: w.props.addresses,
  };
  return [deployment(pod, origin), ...serviceAccount(w.serviceAccount, w.namespace, origin)];
}
