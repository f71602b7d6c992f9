/**
 * A workload's effective PeerAuthentication (istio `pilot/pkg/security/authn/policy_applier.go`
 * `ComposePeerAuthentication`): start PERMISSIVE, then apply the mesh-wide (root namespace), the namespace-wide and
 * the workload-level policy in that order, skipping UNSET; the oldest wins within a level (meshc: IR order).
 * `portLevelMtls` comes only from the workload-level policy, keyed by the workload (target) port; UNSET there
 * inherits. Shared by the Istio-semantics engine (compiler/eval/istio/mtls.ts) and the Envoy inbound emitter.
 */
import { resourcesOf, type MeshIR, type PeerAuthenticationNode, type WorkloadNode } from "./ir.ts";
import type { MtlsMode } from "./istio-api.ts";

export type ServerMode = "STRICT" | "PERMISSIVE" | "DISABLE";

const paName = (pa: PeerAuthenticationNode): string => `PeerAuthentication ${pa.meta.namespace}/${pa.meta.name}`;

/** The mesh-, namespace- and workload-level PeerAuthentication that apply to a namespace (and workload). */
export function peerAuthenticationLevels(ir: MeshIR, namespace: string, workload: WorkloadNode | undefined) {
  const all = resourcesOf(ir, "peerAuthentication");
  const root = ir.meshConfig.rootNamespace;
  return {
    mesh: all.find((pa) => pa.scope.kind === "mesh"),
    namespace:
      namespace === root
        ? undefined
        : all.find((pa) => pa.scope.kind === "namespace" && pa.scope.namespace === namespace),
    workload:
      workload === undefined
        ? undefined
        : all.find((pa) => pa.scope.kind === "workloads" && pa.scope.workloads.includes(workload.id)),
  };
}

/** Which PeerAuthentication setting decided a mode: its `mtls.mode` (port null) or a `portLevelMtls` entry. */
export interface DecidingSetting {
  readonly policy: string;
  readonly port: number | null;
}

/** A mode, the policy that set it (for traces) and the setting (undefined for the PERMISSIVE default). */
export interface ModeSource {
  readonly mode: ServerMode;
  readonly from: string;
  readonly decidedBy?: DecidingSetting;
}

/** The composed policy: the workload-wide mode and the port-level overrides, each with the policy that set it. */
export interface EffectivePeerAuthentication extends ModeSource {
  /** Target port → mode, only for ports whose workload-level `portLevelMtls` entry is not UNSET. */
  readonly perPort: ReadonlyMap<number, ModeSource>;
}

/** `ComposePeerAuthentication` for a workload. */
export function composePeerAuthentication(ir: MeshIR, workload: WorkloadNode): EffectivePeerAuthentication {
  const l = peerAuthenticationLevels(ir, workload.namespace, workload);
  let mode: ServerMode = "PERMISSIVE";
  let from = "the default (no PeerAuthentication)";
  let decidedBy: DecidingSetting | undefined;
  for (const pa of [l.mesh, l.namespace, l.workload]) {
    if (pa !== undefined && pa.mode !== "UNSET") {
      mode = pa.mode;
      from = paName(pa);
      decidedBy = { policy: `${pa.meta.namespace}/${pa.meta.name}`, port: null };
    }
  }
  const perPort = new Map<number, ModeSource>();
  const w = l.workload;
  if (w !== undefined) {
    for (const [port, portMode] of w.portModes) {
      if (portMode !== "UNSET")
        perPort.set(port, {
          mode: portMode,
          from: `${paName(w)} port ${port}`,
          decidedBy: { policy: `${w.meta.namespace}/${w.meta.name}`, port },
        });
    }
  }
  return decidedBy === undefined ? { mode, from, perPort } : { mode, from, decidedBy, perPort };
}

/** The mode a workload's sidecar enforces on `targetPort` (`GetMutualTLSModeForPort`), and the policy that set it. */
export function serverMode(ir: MeshIR, workload: WorkloadNode, targetPort: number): ModeSource {
  const { perPort, ...workloadWide } = composePeerAuthentication(ir, workload);
  return perPort.get(targetPort) ?? workloadWide;
}

/**
 * The mode auto mTLS infers for a service from the client side: only the mesh- and namespace-level policies of the
 * service's namespace (istio `pilot/pkg/networking/core/cluster_tls.go` / `model.MTLSModeForService`: workload
 * selectors are not consulted). Shared by the Istio engine and the outbound cluster emitter.
 */
export function inferredServiceMode(ir: MeshIR, namespace: string): MtlsMode {
  const l = peerAuthenticationLevels(ir, namespace, undefined);
  let mode: MtlsMode = "PERMISSIVE";
  for (const pa of [l.mesh, l.namespace]) if (pa !== undefined && pa.mode !== "UNSET") mode = pa.mode;
  return mode;
}
