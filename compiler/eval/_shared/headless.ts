/**
 * Connections to a headless Service, the same way in both engines. It has no virtual IP: its name resolves to its
 * ready endpoints' addresses (CoreDNS A records) and the client connects to one of them, so each address is evaluated
 * as its own connection with an equal share (`dials`); the client's sidecar then takes the address's own listener
 * (`<IP>_<port>`, listener.go `buildSidecarOutboundListeners`) or the port's wildcard one, and the Service's
 * ORIGINAL_DST cluster forwards to the address dialled.
 *
 * A client that dials its own address never reaches a sidecar: istio-iptables returns traffic from the application
 * out of `lo` before any redirection, and istiod builds no listener for the proxy's own address ("app access itself by
 * pod ip will not flow through this listener"), so the connection stays in the pod (`selfOutcome`).
 */
import type { Outcome, SimulationResult } from "../types.ts";
import type { Client, Target } from "./model.ts";

/** One address the client may connect to, with its share, as a target with that single address. */
export interface Dial {
  readonly probability: number;
  readonly target: Target;
  /** The client's own address: the connection stays in the pod. */
  readonly self: boolean;
}

/** The addresses a headless target resolves to, one dial each; undefined for any other target (or a gateway). */
export function dials(client: Client, target: Target): Dial[] | undefined {
  if (target.kind !== "service" || target.addresses === undefined || client.proxy === "gateway") return undefined;
  const n = target.addresses.length;
  return target.addresses.map((address) => ({
    probability: 1 / n,
    target: { ...target, addresses: [address] },
    self: client.ip !== undefined && client.ip === address,
  }));
}

/** The address a single-address headless target dials, and the port. */
export function dialledOf(target: Target): { address: string; port: number } | undefined {
  const address = target.kind === "service" ? target.addresses?.[0] : undefined;
  return address === undefined ? undefined : { address, port: target.port };
}

export const SELF_CONNECTION =
  "the client connects to its own address: the connection stays in its pod and passes neither sidecar";

/** A connection to the client's own address: answered in the pod, no proxy, no mTLS, no authorization. */
export function selfOutcome(target: Target, trace: string[]): Outcome {
  trace.push(`${SELF_CONNECTION[0]!.toUpperCase()}${SELF_CONNECTION.slice(1)}.`);
  return {
    probability: 1,
    status: 200,
    destination: {
      service: target.fqdn,
      subset: null,
      port: target.port,
      cluster: `outbound|${target.port}||${target.fqdn}`,
    },
    mtls: false,
    authz: null,
    fault: null,
    error: SELF_CONNECTION,
  };
}

interface Routed {
  readonly route: SimulationResult["route"];
  readonly timeout: SimulationResult["timeout"];
  readonly retries: SimulationResult["retries"];
  readonly outcomes: readonly Outcome[];
}

/**
 * The dials' results as one: their outcomes weighted by each dial's share; the route, timeout and retries of the
 * first dial through the client's proxy (every such dial takes the same route: the Host decides it, and the
 * per-address listeners of one Service carry the same chains).
 */
export function combineDials<R extends Routed>(parts: readonly { dial: Dial; routed: R }[]): R {
  const base = (parts.find((p) => !p.dial.self) ?? parts[0]!).routed;
  return {
    ...base,
    outcomes: parts.flatMap((p) =>
      p.routed.outcomes.map((o) => ({ ...o, probability: o.probability * p.dial.probability })),
    ),
  };
}
