/**
 * Which workload an xDS node is. `meshc serve` accepts two node id forms:
 *
 * - `<namespace>/<workload>`: a declared workload (a service version `echo-v1`, a `workload()`, a Deployment or a Pod),
 *   the form to put in a proxyless gRPC bootstrap's `node.id`;
 * - Istio's `<type>~<ip>~<pod>.<namespace>~<namespace>.svc.<domain>` (istio pilot/pkg/model/context.go
 *   `ParseServiceNodeWithMetadata`: Type~IPAddress~ID~DNSDomain, the namespace being the DNS domain's first label),
 *   as istio-agent writes it for sidecars and proxyless gRPC. The pod is found as a Pod workload of that name, else
 *   as a pod of a Deployment (Kubernetes names a Deployment's pods `<deployment>-<pod-template-hash>-<5 chars>`, the
 *   hash being 1–10 characters), else as the workload in that namespace whose known addresses include the IP.
 *
 * Anything else is an unknown node: it is served nothing.
 */
import type { MeshIR, WorkloadNode } from "../ir/ir.ts";

export type NodeMatch =
  | { readonly kind: "workload"; readonly workload: WorkloadNode; readonly how: string }
  | { readonly kind: "unknown"; readonly reason: string };

/** `<deployment>-<pod-template-hash>-<suffix>` (kube-controller-manager `ReplicaSet` and pod name generation). */
const DEPLOYMENT_POD = /^(.+)-[a-z0-9]{1,10}-[a-z0-9]{5}$/;

/** Parses Istio's service node id; undefined when `id` is not of that form. */
export function parseIstioNodeId(id: string): { type: string; ip: string; pod: string; namespace: string } | undefined {
  const parts = id.split("~");
  if (parts.length !== 4 || (parts[0] !== "sidecar" && parts[0] !== "router")) return undefined;
  const [type, ip, podId, domain] = parts as [string, string, string, string];
  const namespace = domain.split(".")[0] ?? "";
  if (namespace === "" || !podId.endsWith(`.${namespace}`)) return undefined;
  return { type, ip, pod: podId.slice(0, -namespace.length - 1), namespace };
}

/**
 * The workload of node `id`, or why there is none.
 * `workloadForNode(ir, "grpc-echo/echo-v1")` → `{ kind: "workload", workload: echo-v1, how: "namespace/name" }`;
 * `workloadForNode(ir, "sidecar~10.0.0.7~reviews-v1-5d8f7b9c4-x2x7k.bookinfo~bookinfo.svc.cluster.local")` →
 * reviews-v1 (by its Deployment's pod name).
 */
export function workloadForNode(ir: MeshIR, id: string): NodeMatch {
  const direct = ir.workloads.find((w) => w.id === id);
  if (direct !== undefined) return { kind: "workload", workload: direct, how: "namespace/name" };
  const istio = parseIstioNodeId(id);
  if (istio === undefined) {
    return {
      kind: "unknown",
      reason:
        "not a declared '<namespace>/<workload>' nor an Istio node id '<type>~<ip>~<pod>.<namespace>~<namespace>.svc.<domain>'",
    };
  }
  const inNs = ir.workloads.filter((w) => w.namespace === istio.namespace);
  const pod = inNs.find((w) => w.source === "Pod" && w.name === istio.pod);
  if (pod !== undefined) return { kind: "workload", workload: pod, how: "Istio node id, Pod name" };
  const deployment = DEPLOYMENT_POD.exec(istio.pod)?.[1];
  const owner = inNs.find((w) => w.source === "Deployment" && w.name === deployment);
  if (owner !== undefined) return { kind: "workload", workload: owner, how: "Istio node id, pod of Deployment" };
  const byIp = inNs.find((w) => w.addresses.includes(istio.ip));
  if (byIp !== undefined) return { kind: "workload", workload: byIp, how: "Istio node id, pod IP" };
  return {
    kind: "unknown",
    reason: `no workload in namespace '${istio.namespace}' runs pod '${istio.pod}' or has address ${istio.ip}`,
  };
}
