/**
 * Sidecar scoping (→ networking.istio.io/v1 Sidecar): which services a workload's proxy imports on its outbound side,
 * and what it does with traffic to anything else. At scale this is what keeps each proxy's configuration (and
 * istiod's work) proportional to what the workload talks to, not to the whole mesh.
 * https://istio.io/latest/docs/reference/config/networking/sidecar/
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Suppressible } from "./common.ts";
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
  /** `egress[].hosts`: the services the listener imports, `namespace/host`. */
  readonly hosts: readonly EgressHost[];
  /** `egress[].port`: the port of this listener. @default none (the catch-all listener) */
  readonly port?: {
    /** `port.number`. */
    readonly number: number;
    /** `port.protocol`: `HTTP`, `TCP`, ... @default inferred from the name */
    readonly protocol?: string;
    /** `port.name`. @default unset */
    readonly name?: string;
  };
  /** `egress[].bind`: the IP or Unix socket the listener binds to. @default unset */
  readonly bind?: string;
  /** `egress[].captureMode`: how traffic reaches the listener. @default "DEFAULT" */
  readonly captureMode?: "DEFAULT" | "IPTABLES" | "NONE";
}

/** Options of {@link sidecar}. */
export interface SidecarProps extends Suppressible {
  /** The Sidecar's name (→ `metadata.name`). @default "default" without a selector, else the selector's name */
  readonly name?: string;
  /**
   * The Sidecar's namespace (→ `metadata.namespace`).
   * @default the selector's namespace, else the mesh root namespace (mesh-wide default)
   */
  readonly namespace?: NamespaceRef;
  /** The workloads it applies to (→ `spec.workloadSelector.labels`). @default every workload in the namespace */
  readonly workloadSelector?: SelectorRef;
  /** `spec.egress`: what the proxies import, per listener. @default every service the namespace can see */
  readonly egress?: readonly SidecarEgress[];
  /** `spec.outboundTrafficPolicy`: what the proxy does with traffic to hosts it did not import. @default MeshConfig's */
  readonly outboundTrafficPolicy?: {
    /** `outboundTrafficPolicy.mode`: pass through (ALLOW_ANY) or block (REGISTRY_ONLY). */
    readonly mode: "ALLOW_ANY" | "REGISTRY_ONLY";
  };
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
