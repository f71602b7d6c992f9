/**
 * mesh.ts is TypeScript, and `as any` (or plain JavaScript) lets any value reach lowering: BigInt, symbols,
 * functions, class instances, cyclic objects, Proxies whose traps throw. Lowered documents must be JSON data, as
 * YAML inputs are, before later stages see them; this finds the first place where one is not.
 */
import type { FieldPath } from "../../../diagnostics/span.ts";

/** Deeper than any Kubernetes object; deep enough that nothing downstream recurses out of stack. */
const MAX_DEPTH = 100;

export interface NotJsonData {
  readonly path: FieldPath;
  /** What was found, as a phrase: "a bigint", "a cycle", ... */
  readonly found: string;
}

function kindOf(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `the number ${String(value)}`;
    case "bigint":
      return "a bigint";
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    case "undefined":
      return undefined; // dropped by lowering, as JSON.stringify drops it
    case "object": {
      if (value === null || Array.isArray(value)) return undefined;
      const proto = Object.getPrototypeOf(value) as unknown;
      return proto === Object.prototype || proto === null ? undefined : "an object that is not a plain object";
    }
  }
}

/** The first non-JSON value in `root` (depth first), or undefined. Iterative: never recurses. */
export function notJsonData(root: unknown): NotJsonData | undefined {
  const onPath = new Set<object>();
  const stack: { value: unknown; path: FieldPath; leave: boolean }[] = [{ value: root, path: [], leave: false }];
  while (stack.length > 0) {
    const { value, path, leave } = stack.pop()!;
    if (leave) {
      onPath.delete(value as object);
      continue;
    }
    const bad = kindOf(value);
    if (bad !== undefined) return { path, found: bad };
    if (typeof value !== "object" || value === null) continue;
    if (onPath.has(value)) return { path, found: "a reference to an enclosing object (a cycle)" };
    if (path.length >= MAX_DEPTH) return { path, found: `a value nested more than ${MAX_DEPTH} levels deep` };
    onPath.add(value);
    stack.push({ value, path, leave: true });
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, v] = entries[i]!;
      stack.push({ value: v, path: [...path, k], leave: false });
    }
  }
  return undefined;
}
