// The ports a sidecar's inbound side serves, as the inbound listener (index.ts) and the inbound clusters (clusters.ts)
// both read them.
import type { Protocol } from "../../../ir/ir.ts";

/** Where an inbound cluster sends traffic when it is not the original destination: an address or a unix socket. */
export type InboundEndpoint =
  | { readonly kind: "socket"; readonly address: string; readonly port: number }
  | { readonly kind: "pipe"; readonly path: string };

/** A port the workload's inbound listener serves: from a service target, or from its Sidecar's `ingress`. */
export interface InboundPort {
  readonly targetPort: number;
  readonly protocol: Protocol;
  /** The service host (telemetry and the authorization operation); a Sidecar port without one: `<sidecar>.<ns>`. */
  readonly host: string;
  readonly port: number;
  /** Sidecar `ingress.defaultEndpoint`, resolved; undefined: the original destination (ORIGINAL_DST). */
  readonly endpoint?: InboundEndpoint;
  /** The services of the port's inbound cluster telemetry metadata (`filter_metadata.istio.services`). */
  readonly services: readonly InboundService[];
}

/** A service as `buildServiceMetadata` (cluster_builder.go) describes it. */
export interface InboundService {
  readonly host: string;
  readonly name: string;
  readonly namespace: string;
}
