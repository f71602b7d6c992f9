/**
 * The Sidecar resource that configures a workload's proxy (istio pilot/pkg/model/push_context.go `getSidecarScope`):
 * one in the workload's namespace whose workloadSelector selects it, else the namespace's one without a selector,
 * else the root namespace's one without a selector. At each step the oldest wins: `initSidecarScopes` sorts the Sidecars
 * with `sortConfigByCreationTime` before `getSidecarScope` takes the first match, so of two namespace-wide Sidecars
 * (MESH2250, which istiod accepts) the older one applies. Memoized per IR.
 */
import { compareByCreationTime } from "./creation-order.ts";
import { resourcesOf, type MeshIR, type SidecarNode, type WorkloadNode } from "./ir.ts";

const byNamespace = new WeakMap<MeshIR, ReadonlyMap<string, readonly SidecarNode[]>>();

function sidecarsIn(ir: MeshIR, namespace: string): readonly SidecarNode[] {
  let index = byNamespace.get(ir);
  if (index === undefined) {
    const m = new Map<string, SidecarNode[]>();
    for (const s of [...resourcesOf(ir, "sidecar")].sort(compareByCreationTime))
      m.set(s.meta.namespace, [...(m.get(s.meta.namespace) ?? []), s]);
    byNamespace.set(ir, (index = m));
  }
  return index.get(namespace) ?? [];
}

/** The Sidecar that applies to `workload`, if any. */
export function sidecarOf(ir: MeshIR, workload: WorkloadNode): SidecarNode | undefined {
  const own = sidecarsIn(ir, workload.namespace);
  return (
    own.find((s) => s.selectedWorkloads?.includes(workload.id)) ??
    own.find((s) => s.selectedWorkloads === undefined) ??
    sidecarsIn(ir, ir.meshConfig.rootNamespace).find((s) => s.selectedWorkloads === undefined)
  );
}
