/**
 * Workload and service lookups memoized per IR (the IR is immutable once lowered), like `resourcesOf`: checks asked
 * "the workloads of this namespace", "the workloads with these ids" and "the services of this workload" per policy
 * or per rule with a scan of every workload or service, which made them O(N²) (bench/README.md). Every lookup returns
 * what the scan it replaces returned, in IR order.
 */
import type { MeshIR, ServiceNode, WorkloadNode } from "./ir.ts";

interface WorkloadIndex {
  /** Workload id → positions in `ir.workloads` (several if ids repeat). */
  readonly positions: ReadonlyMap<string, readonly number[]>;
  readonly byNamespace: ReadonlyMap<string, readonly WorkloadNode[]>;
  /** Workload id → services that list it, in `ir.services` order. */
  readonly services: ReadonlyMap<string, readonly ServiceNode[]>;
}

const indexes = new WeakMap<MeshIR, WorkloadIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function indexOf(ir: MeshIR): WorkloadIndex {
  let index = indexes.get(ir);
  if (index === undefined) {
    const positions = new Map<string, number[]>();
    const byNamespace = new Map<string, WorkloadNode[]>();
    const services = new Map<string, ServiceNode[]>();
    ir.workloads.forEach((w, i) => {
      push(positions, w.id, i);
      push(byNamespace, w.namespace, w);
    });
    for (const svc of ir.services) for (const id of new Set(svc.workloads)) push(services, id, svc);
    index = { positions, byNamespace, services };
    indexes.set(ir, index);
  }
  return index;
}

/** `ir.workloads.filter((w) => w.namespace === namespace)`. */
export function workloadsInNamespace(ir: MeshIR, namespace: string): readonly WorkloadNode[] {
  return indexOf(ir).byNamespace.get(namespace) ?? [];
}

/** `ir.workloads.filter((w) => ids.includes(w.id))`. */
export function workloadsWithIds(ir: MeshIR, ids: readonly string[]): WorkloadNode[] {
  const { positions } = indexOf(ir);
  const at = new Set<number>();
  for (const id of ids) for (const i of positions.get(id) ?? []) at.add(i);
  return [...at].sort((a, b) => a - b).map((i) => ir.workloads[i]!);
}

/** `ir.services.filter((s) => s.workloads.includes(id))`. */
export function servicesOfWorkload(ir: MeshIR, id: string): readonly ServiceNode[] {
  return indexOf(ir).services.get(id) ?? [];
}

const byNamespaceOfList = new WeakMap<readonly WorkloadNode[], ReadonlyMap<string, readonly WorkloadNode[]>>();

/**
 * `workloads.filter((w) => w.namespace === namespace)` for a list that is not yet an IR (lowering selects workloads
 * per Service and per policy; a scan each time made lowering O(N²)). Memoized per list: the list must not change.
 */
export function workloadsOfNamespace(workloads: readonly WorkloadNode[], namespace: string): readonly WorkloadNode[] {
  let index = byNamespaceOfList.get(workloads);
  if (index === undefined) {
    const map = new Map<string, WorkloadNode[]>();
    for (const w of workloads) push(map, w.namespace, w);
    byNamespaceOfList.set(workloads, (index = map));
  }
  return index.get(namespace) ?? [];
}
