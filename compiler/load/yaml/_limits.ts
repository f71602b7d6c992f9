/**
 * Limits on what a YAML document may expand to, as Kubernetes' YAML reader (go-yaml, through sigs.k8s.io/yaml)
 * enforces them, so that a small file cannot make meshc (or its output) grow without bound:
 * - nesting depth: go-yaml refuses deeper documents with "exceeded max depth of 10000" (yaml.v2 `parserc.go`,
 *   `max_flow_level`/`max_indents`); js-yaml recurses per level and runs out of stack near 3,000, so meshc refuses at
 *   {@link MAX_DEPTH} with the same wording (no Kubernetes or Istio object nests anywhere near that deep);
 * - alias expansion: go-yaml refuses "document contains excessive aliasing" when the share of nodes decoded through
 *   aliases exceeds `allowedAliasRatio` (yaml.v2 `decode.go`), and an anchor whose value contains its own alias
 *   ("anchor 'x' value contains itself").
 */

export const MAX_DEPTH = 1000;

// yaml.v2 decode.go.
const ALIAS_RATIO_RANGE_LOW = 400_000;
const ALIAS_RATIO_RANGE_HIGH = 4_000_000;

/** yaml.v2 `allowedAliasRatio`: 99% of decoded nodes may come from aliases up to 400,000 nodes, 10% from 4,000,000. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - (0.89 * (decodeCount - ALIAS_RATIO_RANGE_LOW)) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW);
}

/** yaml.v2 `unmarshal`'s test, made after every node. */
function excessive(decoded: number, aliased: number): boolean {
  return aliased > 100 && decoded > 1000 && aliased / decoded > allowedAliasRatio(decoded);
}

export type AliasProblem = "document contains excessive aliasing" | "an anchor's value contains its own alias";

interface Frame {
  readonly node: object;
  readonly children: unknown[];
  next: number;
  readonly decodedAtEntry: number;
}

/**
 * Replays go-yaml's decode of a js-yaml value, where an alias is the same object reached again: counts every node as
 * go-yaml would decode it (an alias's target in full each time) without expanding anything, by remembering each
 * object's expanded size. The ratio only grows inside an alias, so testing at the end of each one is exact. Iterative,
 * so depth costs no stack; linear in the number of distinct nodes.
 */
export function aliasProblem(root: unknown): AliasProblem | undefined {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let decoded = 0;
  let aliased = 0;
  const stack: Frame[] = [];
  const enter = (value: unknown): AliasProblem | undefined => {
    decoded++;
    if (typeof value !== "object" || value === null) return undefined;
    if (open.has(value)) return "an anchor's value contains its own alias";
    const seen = sizes.get(value);
    if (seen !== undefined) {
      decoded += seen - 1;
      aliased += seen;
      return excessive(decoded, aliased) ? "document contains excessive aliasing" : undefined;
    }
    open.add(value);
    const children = Array.isArray(value) ? value : Object.values(value);
    stack.push({ node: value, children, next: 0, decodedAtEntry: decoded - 1 });
    return undefined;
  };
  const first = enter(root);
  if (first !== undefined) return first;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const problem = enter(top.children[top.next++]);
      if (problem !== undefined) return problem;
      continue;
    }
    stack.pop();
    open.delete(top.node);
    sizes.set(top.node, decoded - top.decodedAtEntry);
  }
  return undefined;
}
