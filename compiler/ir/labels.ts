/** Label selection, as Istio's `labels.Instance` decides it. */
import type { Labels } from "./istio-api.ts";

/** Whether every label of `selector` is present with the same value in `labels` (Istio `labels.Instance.SubsetOf`). */
export function selects(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
