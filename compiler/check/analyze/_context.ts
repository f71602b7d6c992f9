/**
 * Facts several analyses need, derived from the IR only: which workloads a policy covers, a workload's effective
 * mTLS mode and its ports, and how to name a rule in a message. Nothing here re-resolves what lowering resolved.
 */
import type {
  IstioNode,
  MeshIR,
  PeerAuthenticationNode,
  PolicyScope,
  ServicePortNode,
  WorkloadId,
  WorkloadNode,
} from "../../ir/ir.ts";
import { resourcesOf } from "../../ir/ir.ts";
import { servicesOfWorkload, workloadsInNamespace, workloadsWithIds } from "../../ir/index-workloads.ts";
import type {
  HTTPMatchRequest,
  HTTPRoute,
  L4MatchAttributes,
  MtlsMode,
  TCPRoute,
  TLSMatchAttributes,
  TLSRoute,
} from "../../ir/istio-api.ts";

/** The workloads a policy scope covers (targetRefs attach to gateways and waypoints, never to sidecars). */
export function scopeWorkloads(ir: MeshIR, scope: PolicyScope): WorkloadNode[] {
  switch (scope.kind) {
    case "mesh":
      return [...ir.workloads];
    case "namespace":
      return [...workloadsInNamespace(ir, scope.namespace)];
    case "workloads":
      return workloadsWithIds(ir, scope.workloads);
    case "targetRefs":
      return [];
    default:
      return scope satisfies never;
  }
}

interface PeerAuthenticationIndex {
  readonly all: readonly PeerAuthenticationNode[];
  /** Positions in `all` of the mesh-wide policies, and of the policies per namespace and per workload id. */
  readonly mesh: readonly number[];
  readonly byNamespace: ReadonlyMap<string, number[]>;
  readonly byWorkload: ReadonlyMap<string, number[]>;
}
const peerAuthIndexes = new WeakMap<MeshIR, PeerAuthenticationIndex>();

function peerAuthIndex(ir: MeshIR): PeerAuthenticationIndex {
  let index = peerAuthIndexes.get(ir);
  if (index === undefined) {
    const all = resourcesOf(ir, "peerAuthentication");
    const mesh: number[] = [];
    const byNamespace = new Map<string, number[]>();
    const byWorkload = new Map<string, number[]>();
    const add = (map: Map<string, number[]>, key: string, i: number) =>
      (map.get(key) ?? map.set(key, []).get(key)!).push(i);
    all.forEach((pa, i) => {
      const s = pa.scope;
      if (s.kind === "mesh") mesh.push(i);
      else if (s.kind === "namespace") add(byNamespace, s.namespace, i);
      else if (s.kind === "workloads") for (const id of new Set(s.workloads)) add(byWorkload, id, i);
    });
    index = { all, mesh, byNamespace, byWorkload };
    peerAuthIndexes.set(ir, index);
  }
  return index;
}

/** The PeerAuthentications that cover a workload (mesh-wide, its namespace's, or selecting it), in IR order. */
function covering(ir: MeshIR, w: WorkloadNode): PeerAuthenticationNode[] {
  const { all, mesh, byNamespace, byWorkload } = peerAuthIndex(ir);
  const at = [...mesh, ...(byNamespace.get(w.namespace) ?? []), ...(byWorkload.get(w.id) ?? [])];
  return at.sort((a, b) => a - b).map((i) => all[i]!);
}

/**
 * The mTLS mode a workload's sidecar enforces on `port` (or on the workload as a whole). istio
 * `pilot/pkg/security/authn/policy_applier.go` `ComposePeerAuthentication`: the workload-selector policy wins over
 * the namespace policy, which wins over the mesh (root namespace) policy; UNSET inherits from the level above;
 * port-level modes override the workload's; the default is PERMISSIVE.
 * https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export function effectiveMtls(ir: MeshIR, w: WorkloadNode, port?: number): MtlsMode {
  const applicable = covering(ir, w);
  const rank = (pa: PeerAuthenticationNode) =>
    pa.scope.kind === "workloads" ? 0 : pa.scope.kind === "namespace" ? 1 : 2;
  let mode: MtlsMode = "UNSET";
  for (const pa of applicable.sort((a, b) => rank(a) - rank(b))) {
    const own = port !== undefined && pa.scope.kind === "workloads" ? (pa.portModes.get(port) ?? pa.mode) : pa.mode;
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
  for (const svc of servicesOfWorkload(ir, id)) {
    for (const p of svc.ports) if (!seen.has(p.targetPort)) seen.set(p.targetPort, p);
  }
  return [...seen.values()].sort((a, b) => a.targetPort - b.targetPort);
}

/**
 * A route rule as Istio names it in validation messages (`pkg/config/validation/validation.go` `routeName`):
 * `'name'` when the rule has a name, else `#index`.
 */
export type Named = HTTPRoute | TCPRoute | TLSRoute | HTTPMatchRequest | L4MatchAttributes | TLSMatchAttributes;

export function ruleName(rule: Named | undefined, index: number): string {
  const name = rule !== undefined && "name" in rule ? rule.name : undefined;
  return typeof name === "string" && name ? `'${name}'` : `#${index}`;
}

/** `Kind namespace/name`, the way messages and related locations name a resource. */
export function resourceName(node: IstioNode): string {
  return `${node.meta.namespace}/${node.meta.name}`;
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
