/**
 * Sidecar scoping (→ networking.istio.io/v1 Sidecar): which services a workload's proxy imports on its outbound side,
 * and what it does with traffic to anything else. At scale this is what keeps each proxy's configuration (and
 * istiod's work) proportional to what the workload talks to, not to the whole mesh.
 * https://istio.io/latest/docs/reference/config/networking/sidecar/
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { ExternalService } from "./external.ts";
import type { NamespaceRef } from "./namespace.ts";
import type { AnyService } from "./service.ts";
import type { SelectorRef } from "./workload.ts";

/**
 * An egress host: a service (→ `<namespace>/<fqdn>`), an external service (→ `<namespace>/<host>` for each of its
 * hosts), or Istio's `namespace/dnsName` string: `"./*"` (the workload's own namespace), `"istio-system/*"`,
 * `"*\/api.example.com"`, `"~/*"` (import nothing).
 */
export type EgressHost = AnyService | ExternalService | `${string}/${string}`;

/** `IstioEgressListener`: the hosts a listener imports; without `port`, the catch-all listener of the proxy. */
export interface SidecarEgress {
  readonly hosts: readonly EgressHost[];
  readonly port?: { readonly number: number; readonly protocol?: string; readonly name?: string };
  readonly bind?: string;
  readonly captureMode?: "DEFAULT" | "IPTABLES" | "NONE";
}

/** Options of {@link sidecar}. */
export interface SidecarProps {
  /** @default "default" without a selector, else the selector's name */
  readonly name?: string;
  /** The Sidecar's namespace. @default the selector's namespace, else the mesh root namespace (mesh-wide default) */
  readonly namespace?: NamespaceRef;
  /** The workloads it applies to. @default every workload in the namespace */
  readonly workloadSelector?: SelectorRef;
  readonly egress?: readonly SidecarEgress[];
  /** What the proxy does with traffic to hosts it did not import. @default MeshConfig's `outboundTrafficPolicy` */
  readonly outboundTrafficPolicy?: { readonly mode: "ALLOW_ANY" | "REGISTRY_ONLY" };
}

/** A declared Sidecar. */
export interface Sidecar extends DslValue<"sidecar"> {
  readonly props: SidecarProps;
}

/**
 * Declare which services the proxies of a namespace (or of selected workloads) see (→ Sidecar).
 * @example
 * sidecar({ namespace: shop, egress: [{ hosts: ["./*", "istio-system/*", payments] }] })
 * → Sidecar shop/default { egress: [{ hosts: ["./*", "istio-system/*", "billing/payments.billing.svc.cluster.local"] }] }
 */
export function sidecar(props: SidecarProps): Sidecar {
  return declare({ [BRAND]: "sidecar", site: captureSite(), props });
}

export const isSidecar = isKind("sidecar") as (value: unknown) => value is Sidecar;
