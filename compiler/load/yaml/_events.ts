/**
 * Records js-yaml's node events. js-yaml 4 calls `listener("open" | "close", state)` around every `composeNode`
 * (node_modules/js-yaml/lib/loader.js, `composeNode`), with `state.position` at the node's (not yet skipped)
 * start on open and just past what it consumed on close, and `state.result` the finished value on close.
 * Nesting the events gives a tree that `_spans.ts` matches against the values to find every node's text.
 */
import yaml from "js-yaml";
import { MAX_DEPTH } from "./_limits.ts";

/** One `composeNode` call: where it began and ended in the input, what it produced, and the calls nested in it. */
export interface NodeEvent {
  readonly open: number;
  close: number;
  kind: "mapping" | "sequence" | "scalar" | null;
  result: unknown;
  readonly children: NodeEvent[];
}

/** A syntax error, at an offset of the text given to {@link recordYaml}. */
export interface YamlSyntaxError {
  readonly reason: string;
  readonly offset: number;
}

export interface RecordedYaml {
  /** The root event of each document that parsed completely, in order (empty documents included). */
  readonly roots: NodeEvent[];
  readonly error: YamlSyntaxError | undefined;
}

/**
 * Kubernetes reads manifests through sigs.k8s.io/yaml, which converts YAML to JSON: only JSON data survives.
 * CORE_SCHEMA (YAML 1.2 core: null, booleans, integers, floats, strings) gives exactly that; js-yaml's
 * DEFAULT_SCHEMA would add `Date` for timestamps, `<<` merge keys, `!!binary` and `!!set`. go-yaml v2 keeps
 * timestamp-like scalars as strings when decoding into interface{}, so CORE_SCHEMA agrees there too. The known
 * divergence is YAML 1.1's `yes`/`no`/`on`/`off`, booleans to go-yaml v2 and strings here: `_spans.ts` reports those.
 */
const schema = yaml.CORE_SCHEMA;

/** Thrown from the listener to stop js-yaml at {@link MAX_DEPTH} (`_limits.ts`). */
class TooDeep extends Error {
  constructor(readonly offset: number) {
    super("too deep");
  }
}

/**
 * Parse every document of `input` (no BOM: the caller strips it) and record the node events. Never throws for bad
 * YAML: the first syntax error stops the file, and the documents completed before it are kept.
 */
export function recordYaml(input: string): RecordedYaml {
  const roots: NodeEvent[] = [];
  const stack: NodeEvent[] = [];
  const listener = (event: "open" | "close", state: yaml.State): void => {
    if (event === "open") {
      if (stack.length >= MAX_DEPTH) throw new TooDeep(state.position);
      stack.push({ open: state.position, close: state.position, kind: null, result: null, children: [] });
      return;
    }
    const node = stack.pop();
    if (node === undefined) throw new Error("js-yaml closed a node it never opened");
    node.close = state.position;
    node.kind = state.kind === "mapping" || state.kind === "sequence" || state.kind === "scalar" ? state.kind : null;
    node.result = state.result;
    (stack.length > 0 ? stack[stack.length - 1]!.children : roots).push(node);
  };
  try {
    yaml.loadAll(input, () => undefined, { schema, listener });
    return { roots, error: undefined };
  } catch (e) {
    // go-yaml's wording (yaml.v2 parserc.go); a stack overflow inside js-yaml is the same problem, found late.
    const tooDeep = `exceeded max depth of ${MAX_DEPTH}`;
    if (e instanceof TooDeep) return { roots, error: { reason: tooDeep, offset: e.offset } };
    if (e instanceof RangeError) return { roots, error: { reason: tooDeep, offset: stack.at(-1)?.open ?? 0 } };
    if (!(e instanceof yaml.YAMLException)) throw e;
    // An error outside any node comes after the last root closed, while js-yaml was still checking that document's
    // end (`readDocument`): that document is not complete, so drop it.
    if (stack.length === 0) roots.pop();
    const mark = (e as yaml.YAMLException & { mark?: { position?: number } }).mark;
    return { roots, error: { reason: e.reason, offset: mark?.position ?? 0 } };
  }
}
