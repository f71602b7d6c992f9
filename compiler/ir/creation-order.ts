/**
 * The order istiod gives configs that compete (istio pilot/pkg/model/push_context.go `sortConfigByCreationTime`,
 * config.go `configCompareByCreationTime`): by `metadata.creationTimestamp`, oldest first (a config without one
 * counts as the zero time, as Go's zero `time.Time`), then by name, then by namespace. It decides, among others, which
 * of several VirtualServices for one host a sidecar uses (the oldest).
 */
import { resourcesOf, type MeshIR, type ObjectMeta, type VirtualServiceNode } from "./ir.ts";

const time = (m: ObjectMeta): number => {
  const t = m.creationTimestamp === undefined ? NaN : Date.parse(m.creationTimestamp);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `configCompareByCreationTime` as a comparator. */
export function compareByCreationTime(a: { readonly meta: ObjectMeta }, b: { readonly meta: ObjectMeta }): number {
  const ta = time(a.meta);
  const tb = time(b.meta);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return cmp(a.meta.name, b.meta.name) || cmp(a.meta.namespace, b.meta.namespace);
}

const cache = new WeakMap<MeshIR, readonly VirtualServiceNode[]>();

/** Every VirtualService in istiod's precedence order (push_context.go `initVirtualServices` sorts them so). */
export function virtualServicesByPrecedence(ir: MeshIR): readonly VirtualServiceNode[] {
  let out = cache.get(ir);
  if (out === undefined) cache.set(ir, (out = [...resourcesOf(ir, "virtualService")].sort(compareByCreationTime)));
  return out;
}
