/**
 * The DestinationRule a client proxy uses for a host: a fact about the configuration, resolved here once (and cached
 * per IR) so that the Istio engine and the Envoy emitter each make their own decisions from the same rules.
 *
 * Lookup follows istio `pilot/pkg/model/sidecar.go` / `push_context.go` `destinationRule`: first the rules in the
 * client's own namespace (those whose workloadSelector selects the client before the others), then rules exported
 * from the service's namespace, then rules exported from the root namespace; within a namespace the most specific
 * host wins and rules for the same host are merged, oldest first (subsets appended, the oldest traffic policy kept —
 * `MergeDestinationRule`).
 */
import { compareByCreationTime } from "./creation-order.ts";
import { hostMatches } from "./hosts.ts";
import { resourcesOf, type DestinationRuleNode, type MeshIR, type WorkloadNode } from "./ir.ts";
import type { Subset, TrafficPolicy } from "./istio-api.ts";
import { visibleFrom } from "./visibility.ts";

/** What the lookup needs to know of the client proxy: its namespace and, for a sidecar, its workload. */
export interface RuleClient {
  readonly namespace: string;
  readonly workload: Pick<WorkloadNode, "id"> | undefined;
}

export interface AppliedRule {
  readonly rules: readonly DestinationRuleNode[];
  readonly subsets: readonly Subset[];
  readonly trafficPolicy: TrafficPolicy | undefined;
}

const ruleName = (dr: DestinationRuleNode): string => `DestinationRule ${dr.meta.namespace}/${dr.meta.name}`;
export const appliedName = (a: AppliedRule): string => a.rules.map(ruleName).join(" + ");

function bestForHost(rules: readonly DestinationRuleNode[], host: string): DestinationRuleNode[] {
  const rank = (dr: DestinationRuleNode) =>
    dr.host === host ? Number.MAX_SAFE_INTEGER : hostMatches(dr.host, host) ? dr.host.length : -1;
  const best = Math.max(-1, ...rules.map(rank));
  return best < 0 ? [] : rules.filter((dr) => rank(dr) === best);
}

/** DestinationRules by namespace, in IR order. */
const byNamespace = new WeakMap<MeshIR, ReadonlyMap<string, readonly DestinationRuleNode[]>>();
/** Resolved lookups per IR, keyed by everything the result depends on (see `cacheKey`). */
const resolved = new WeakMap<MeshIR, Map<string, AppliedRule | undefined>>();

function rulesIn(ir: MeshIR, namespace: string): readonly DestinationRuleNode[] {
  let index = byNamespace.get(ir);
  if (index === undefined) {
    const m = new Map<string, DestinationRuleNode[]>();
    // push_context.go `setDestinationRules`: "Sort by time first. So if two destination rule have top level traffic
    // policies we take the first one" (`sortConfigBySelectorAndCreationTime`; selectors are ranked in `lookup`).
    for (const dr of [...resourcesOf(ir, "destinationRule")].sort(compareByCreationTime)) {
      const list = m.get(dr.meta.namespace);
      if (list === undefined) m.set(dr.meta.namespace, [dr]);
      else list.push(dr);
    }
    byNamespace.set(ir, m);
    index = m;
  }
  return index.get(namespace) ?? [];
}

const selects = (dr: DestinationRuleNode, client: RuleClient): boolean =>
  dr.selectedWorkloads === undefined ||
  (client.workload !== undefined && dr.selectedWorkloads.includes(client.workload.id));

/**
 * The result depends on the client only through its namespace and which workload-selecting rules of that namespace
 * select it, so clients that share both share the lookup (every decision and every emitted cluster asks it).
 */
function cacheKey(ir: MeshIR, client: RuleClient, host: string, serviceNamespace: string | undefined): string {
  let selecting = "";
  for (const dr of rulesIn(ir, client.namespace)) {
    if (dr.selectedWorkloads !== undefined && selects(dr, client)) selecting += `${dr.meta.name}\0`;
  }
  return `${client.namespace}\n${selecting}\n${serviceNamespace ?? ""}\n${host}`;
}

/** The rule(s) the client uses for `host`, whose own namespace is `serviceNamespace` (undefined for external hosts). */
export function destinationRuleFor(
  ir: MeshIR,
  client: RuleClient,
  host: string,
  serviceNamespace: string | undefined,
): AppliedRule | undefined {
  let cache = resolved.get(ir);
  if (cache === undefined) {
    cache = new Map();
    resolved.set(ir, cache);
  }
  const key = cacheKey(ir, client, host, serviceNamespace);
  if (cache.has(key)) return cache.get(key);
  const result = lookup(ir, client, host, serviceNamespace);
  cache.set(key, result);
  return result;
}

function lookup(
  ir: MeshIR,
  client: RuleClient,
  host: string,
  serviceNamespace: string | undefined,
): AppliedRule | undefined {
  const own = rulesIn(ir, client.namespace).filter((dr) => selects(dr, client));
  const exported = (ns: string) =>
    rulesIn(ir, ns).filter((dr) => dr.selectedWorkloads === undefined && visibleFrom(dr.exportTo, client.namespace));
  const levels = [
    bestForHost(
      own.filter((dr) => dr.selectedWorkloads !== undefined),
      host,
    ),
    bestForHost(
      own.filter((dr) => dr.selectedWorkloads === undefined),
      host,
    ),
    serviceNamespace === undefined ? [] : bestForHost(exported(serviceNamespace), host),
    bestForHost(exported(ir.meshConfig.rootNamespace), host),
  ];
  const rules = levels.find((l) => l.length > 0);
  if (rules === undefined) return undefined;
  const subsets: Subset[] = [];
  for (const dr of rules)
    for (const s of dr.spec.subsets ?? []) if (!subsets.some((x) => x.name === s.name)) subsets.push(s);
  return { rules, subsets, trafficPolicy: rules.find((r) => r.spec.trafficPolicy !== undefined)?.spec.trafficPolicy };
}
