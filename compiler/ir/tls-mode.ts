/**
 * The TLS mode istiod gives a Pod's endpoints, which auto mTLS reads: istio pilot/pkg/model/service.go
 * `GetTLSModeFromEndpointLabels` (kube/controller `newIstioEndpoint`) takes the Pod's `security.istio.io/tlsMode`
 * label, else `disabled`. The label is the injector's: the sidecar template sets it (`{{ index .ObjectMeta.Labels
 * "security.istio.io/tlsMode" | default "istio" }}`, manifests/.../files/injection-template.yaml); the gateway
 * template (`inject.istio.io/templates: gateway`, gateway-injection-template.yaml) does not, and a gateway deployed
 * with its own proxy container is not injected. So a Pod a Gateway selects (meshc runs the router on it, never a
 * sidecar: compiler/ir/gateway-selection.ts) has endpoints in mode `disabled` unless its own labels say otherwise,
 * whatever its injection labels; any other Pod's mode is its label, else `istio` when it is injected.
 */
import { resourcesOf, type MeshIR, type WorkloadId, type WorkloadNode } from "./ir.ts";

const TLS_MODE_LABEL = "security.istio.io/tlsMode";

const gatewayPods = new WeakMap<MeshIR, ReadonlySet<WorkloadId>>();

/** The workloads Gateways select (the pods that run the router), once per IR. */
function gatewayPodIds(ir: MeshIR): ReadonlySet<WorkloadId> {
  let ids = gatewayPods.get(ir);
  if (ids === undefined) {
    ids = new Set(resourcesOf(ir, "gateway").flatMap((g) => g.selectedWorkloads));
    gatewayPods.set(ir, ids);
  }
  return ids;
}

/** `security.istio.io/tlsMode` of the workload's endpoints: `istio`, `disabled` (or another value a label gives). */
export function endpointTlsMode(ir: MeshIR, workload: WorkloadNode): string {
  const label = workload.labels[TLS_MODE_LABEL];
  if (label !== undefined) return label;
  return workload.sidecar && !gatewayPodIds(ir).has(workload.id) ? "istio" : "disabled";
}

/** Whether auto mTLS sends Istio mTLS to the workload's endpoints (the cluster's `tlsMode-istio` socket match). */
export const istioTlsMode = (ir: MeshIR, workload: WorkloadNode | undefined): boolean =>
  workload !== undefined && endpointTlsMode(ir, workload) === "istio";
