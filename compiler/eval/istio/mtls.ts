/**
 * mutual TLS between the client's proxy and the server's sidecar.
 *
 * Server side (istio `pilot/pkg/security/authn/policy_applier.go` `ComposePeerAuthentication`): start PERMISSIVE,
 * then apply the mesh-wide (root namespace), the namespace-wide and the workload-level PeerAuthentication in that
 * order, skipping UNSET; the oldest wins within a level (meshc: IR order). `portLevelMtls` comes only from the
 * workload-level policy, keyed by the workload (target) port; UNSET there inherits.
 *
 * Client side (istio `pilot/pkg/networking/core/cluster_tls.go` `buildUpstreamClusterTLSContext`): the
 * DestinationRule's tls mode wins (DISABLE → plaintext, ISTIO_MUTUAL → Istio mTLS, SIMPLE/MUTUAL → the user's TLS);
 * with none, auto mTLS (`enableAutoMtls`, default on) sends Istio mTLS only to endpoints in tls mode `istio` (injected
 * Pods; not gateway Pods: compiler/ir/tls-mode.ts `endpointTlsMode`), unless the
 * mode inferred for the service from its namespace/mesh PeerAuthentication is DISABLE (workload-level policies are not
 * consulted: `push_context.go` `BestEffortInferServiceMTLSMode`).
 *
 * Outcome (the inbound filter chains of `filterchain_options.go`, verified by istio
 * `peer_authentication_simulation_test.go`): STRICT accepts only Istio mTLS (plaintext finds no filter chain and the
 * connection is reset); PERMISSIVE accepts both; DISABLE accepts only plaintext (TLS bytes into a plaintext HTTP
 * connection manager fail).
 */
import type { MeshIR, WorkloadNode } from "../../ir/ir.ts";
import { endpointTlsMode, istioTlsMode } from "../../ir/tls-mode.ts";
import type { ClientTLSSettings } from "../../ir/istio-api.ts";
import { inferredServiceMode, serverMode, type DecidingSetting } from "../../ir/peer-authentication.ts";
import { connectionError, type Sent } from "../_shared/connection.ts";
import type { Client } from "../_shared/model.ts";

// The server-side composition lives in compiler/ir/peer-authentication.ts (shared with the Envoy inbound emitter).
export { serverMode, type DecidingSetting, type ServerMode } from "../../ir/peer-authentication.ts";
export type { Sent } from "../_shared/connection.ts";

/** What the client puts on the wire to one endpoint. */
export function clientSends(
  ir: MeshIR,
  client: Client,
  tls: { tls: ClientTLSSettings | undefined; from: string; drWithSelector?: boolean },
  server: WorkloadNode | undefined,
  serviceNamespace: string | undefined,
  meshExternal: boolean,
  /**
   * A headless Service (Passthrough): auto mTLS holds only when every endpoint of the port has a sidecar
   * (push_context.go `BestEffortInferServiceMTLSMode`); on its ORIGINAL_DST cluster (sidecars) it is decided for the
   * cluster, not per endpoint (cluster_tls.go `applyUpstreamTLSSettings` keeps the auto-detected context as the
   * cluster's transport socket); on a gateway's EDS cluster per endpoint as usual.
   */
  passthrough?: { readonly allSidecars: boolean; readonly originalDst: boolean },
): { sent: Sent; why: string } {
  if (client.proxy === "none")
    return { sent: "plaintext", why: "the client has no sidecar (or bypasses it), so it sends plaintext" };
  const mode = tls.tls?.mode;
  if (mode === "DISABLE") return { sent: "plaintext", why: `${tls.from} sets tls DISABLE` };
  if (mode === "ISTIO_MUTUAL") return { sent: "istio-mtls", why: `${tls.from} sets tls ISTIO_MUTUAL` };
  // cluster_tls.go buildUpstreamClusterTLSContext: a sidecar ignores SIMPLE/MUTUAL with credentialName unless the
  // DestinationRule has a workloadSelector (no TLS context: plaintext); gateways fetch the credential.
  if ((mode === "SIMPLE" || mode === "MUTUAL") && tls.tls?.credentialName !== undefined)
    if (client.proxy === "sidecar" && tls.drWithSelector !== true)
      return {
        sent: "plaintext",
        why: `${tls.from} sets tls ${mode} with credentialName, which istiod ignores for sidecars unless the DestinationRule has a workloadSelector`,
      };
  if (mode === "SIMPLE" || mode === "MUTUAL")
    return { sent: "tls", why: `${tls.from} sets tls ${mode} (not Istio mTLS)` };
  if (!ir.meshConfig.enableAutoMtls) return { sent: "plaintext", why: "no DestinationRule TLS and auto mTLS is off" };
  if (passthrough !== undefined && !meshExternal) {
    if (!passthrough.allSidecars)
      return { sent: "plaintext", why: "auto mTLS: an endpoint of the headless Service has no sidecar" };
    if (passthrough.originalDst) {
      if (serviceNamespace !== undefined && inferredServiceMode(ir, serviceNamespace) === "DISABLE")
        return { sent: "plaintext", why: `auto mTLS: namespace '${serviceNamespace}' disables mTLS` };
      return { sent: "istio-mtls", why: "auto mTLS: every endpoint of the headless Service has a sidecar" };
    }
  }
  if (meshExternal || server === undefined || !server.sidecar)
    return { sent: "plaintext", why: "auto mTLS: the endpoint has no sidecar" };
  if (!istioTlsMode(ir, server))
    return {
      sent: "plaintext",
      why: `auto mTLS: the endpoint's tls mode is '${endpointTlsMode(ir, server)}' (security.istio.io/tlsMode)`,
    };
  if (serviceNamespace !== undefined && inferredServiceMode(ir, serviceNamespace) === "DISABLE") {
    return { sent: "plaintext", why: `auto mTLS: namespace '${serviceNamespace}' disables mTLS` };
  }
  return { sent: "istio-mtls", why: "auto mTLS: the endpoint has a sidecar" };
}

export interface Connection {
  readonly ok: boolean;
  readonly mtls: boolean;
  readonly status?: 0 | 503;
  readonly error?: string;
  readonly trace: string;
  /** The PeerAuthentication setting that decided the server's mode, if any. */
  readonly decidedBy?: DecidingSetting;
}

/** Whether the connection to one endpoint is accepted. */
export function connect(
  ir: MeshIR,
  client: Client,
  sent: { sent: Sent; why: string },
  server: WorkloadNode | undefined,
  targetPort: number,
): Connection {
  const mtls = sent.sent === "istio-mtls";
  const fail = (error: string, why: string): Connection =>
    client.proxy === "none"
      ? { ok: false, mtls, status: 0, error, trace: `Connection reset: ${why}` }
      : { ok: false, mtls, status: 503, error, trace: `The client's proxy answers 503: ${why}` };
  if (server === undefined || !server.sidecar) {
    const name = server === undefined ? "the server" : `'${server.id}'`;
    const error = connectionError({ kind: "noSidecar", server: name });
    if (mtls) return fail(error, `${error} (${sent.why})`);
    return { ok: true, mtls, trace: `${sent.why}; ${name} has no sidecar and accepts it.` };
  }
  const { mode, from, decidedBy } = serverMode(ir, server, targetPort);
  const head = `${sent.why}; '${server.id}' port ${targetPort} is ${mode} (${from})`;
  const decided = (c: Connection): Connection => (decidedBy === undefined ? c : { ...c, decidedBy });
  const refuse = (why: string) =>
    decided(
      fail(
        connectionError({ kind: "mode", server: server.id, port: targetPort, mode, sent: sent.sent }),
        `${head}: ${why}`,
      ),
    );
  if (mode === "STRICT" && !mtls) return refuse("a STRICT server accepts only Istio mTLS");
  if (mode === "DISABLE" && sent.sent !== "plaintext") return refuse("a DISABLE server accepts only plaintext");
  if (mode === "PERMISSIVE" && sent.sent === "tls") return refuse("no filter chain accepts TLS that is not Istio mTLS");
  return decided({ ok: true, mtls, trace: `${head}: connection accepted${mtls ? " with mTLS" : " in plaintext"}.` });
}
