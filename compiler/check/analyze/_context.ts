/**
 * Facts several analyses need, derived from the IR only: which workloads a policy covers, a workload's effective
 * mTLS mode and its ports, and how to name a rule in a message. Nothing here re-resolves what lowering resolved.
 */
import type { RelatedInformation } from "../../diagnostics/diagnostic.ts";
import { record, str } from "../../ir/_read.ts";
import type { IstioNode, MeshIR, PeerAuthenticationNode, PolicyScope, ServicePortNode, WorkloadId, WorkloadNode } from "../../ir/ir.ts";
import { resourcesOf } from "../../ir/ir.ts";
import type { MtlsMode } from "../../ir/istio-api.ts";
import { spanAt, type FieldPath } from "../../ir/span.ts";

/** The workloads a policy scope covers (targetRefs attach to gateways and waypoints, never to sidecars). */
export function scopeWorkloads(ir: MeshIR, scope: PolicyScope): WorkloadNode[] {
  switch (scope.kind) {
    case "mesh":
      return [...ir.workloads];
    case "namespace":
      return ir.workloads.filter((w) => w.namespace === scope.namespace);
    case "workloads":
      return ir.workloads.filter((w) => scope.workloads.includes(w.id));
    case "targetRefs":
      return [];
    default:
      return scope satisfies never;
  }
}

function covers(pa: PeerAuthenticationNode, w: WorkloadNode): boolean {
  const s = pa.scope;
  return s.kind === "mesh" || (s.kind === "namespace" && s.namespace === w.namespace) || (s.kind === "workloads" && s.workloads.includes(w.id));
}

/**
 * The mTLS mode a workload's sidecar enforces on `port` (or on the workload as a whole). istio
 * `pilot/pkg/security/authn/policy_applier.go` `ComposePeerAuthentication`: the workload-selector policy wins over
 * the namespace policy, which wins over the mesh (root namespace) policy; UNSET inherits from the level above;
 * port-level modes override the workload's; the default is PERMISSIVE.
 * https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export function effectiveMtls(ir: MeshIR, w: WorkloadNode, port?: number): MtlsMode {
  const applicable = resourcesOf(ir, "peerAuthentication").filter((pa) => covers(pa, w));
  const rank = (pa: PeerAuthenticationNode) => (pa.scope.kind === "workloads" ? 0 : pa.scope.kind === "namespace" ? 1 : 2);
  let mode: MtlsMode = "UNSET";
  for (const pa of applicable.sort((a, b) => rank(a) - rank(b))) {
    const own = port !== undefined && pa.scope.kind === "workloads" ? pa.portModes.get(port) ?? pa.mode : pa.mode;
    if (own !== "UNSET") {
      mode = own;
      break;
    }
  }
  return mode === "UNSET" ? "PERMISSIVE" : mode;
}

/** The ports (container side: targetPort) of the services that select a workload, with their protocols. */
export function workloadPorts(ir: MeshIR, id: WorkloadId): ServicePortNode[] {
  const seen = new Map<number, ServicePortNode>();
  for (const svc of ir.services) {
    if (!svc.workloads.includes(id)) continue;
    for (const p of svc.ports) if (!seen.has(p.targetPort)) seen.set(p.targetPort, p);
  }
  return [...seen.values()].sort((a, b) => a.targetPort - b.targetPort);
}

/**
 * A route rule as Istio names it in validation messages (`pkg/config/validation/validation.go` `routeName`):
 * `'name'` when the rule has a name, else `#index`.
 */
export function ruleName(rule: unknown, index: number): string {
  const name = str(record(rule)["name"]);
  return name ? `'${name}'` : `#${index}`;
}

/** `Kind namespace/name`, the way messages and related locations name a resource. */
export function resourceName(node: IstioNode): string {
  return `${node.meta.namespace}/${node.meta.name}`;
}

/** A related location at `path` of another resource. */
export function relatedAt(node: IstioNode, path: FieldPath, message: string): RelatedInformation {
  return { message, span: spanAt(node.spans, path, node.span) };
}

/** Deterministic JSON of a value with object keys sorted (for comparing matches). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
