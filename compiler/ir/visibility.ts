/**
 * exportTo visibility (https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-export_to):
 * a resource is visible to proxies in the namespaces it is exported to; public (`*`, the default) to all.
 */
import type { Visibility } from "./ir.ts";

export function visibleFrom(visibility: Visibility, namespace: string): boolean {
  return visibility.kind === "public" || visibility.namespaces.includes(namespace);
}
