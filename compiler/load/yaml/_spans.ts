/**
 * Turns a document's event tree (`_events.ts`) into the text range of every node. Events say where each
 * `composeNode` call began and ended; this file trims what js-yaml consumed around a node (separation space,
 * trailing comments), unwraps the duplicate events js-yaml emits when it tries a block mapping and falls back
 * (`readBlockMapping` "Keep the result of `composeNode`"), and pairs mapping keys with values. Every match is
 * checked against the parsed value (same key, same value by identity), so a node that cannot be matched gets
 * no span of its own and lookups fall back to its parent (`spanAt`), never to a wrong place.
 */
import { pathKey, type FieldPath } from "../../diagnostics/span.ts";
import type { NodeEvent } from "./_events.ts";

/** An offset range in the text given to js-yaml. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface DocumentRanges {
  /** The root node's range: the document's content, without the `---` marker and surrounding comments. */
  readonly root: Range;
  /**
   * Ranges by dotted path (`pathKey`), values under the path itself and mapping keys under `path + "#key"`.
   * Keys are joined as they are, dots included, so `spanAt(spans, ["metadata", "labels", "app.kubernetes.io/name"])`
   * finds them; when two paths join to the same string, the first node in document order keeps it.
   */
  readonly ranges: Map<string, Range>;
  /** Plain scalars that YAML 1.1 (go-yaml v2, used by Kubernetes) reads as booleans and YAML 1.2 as strings. */
  readonly yaml11Booleans: Range[];
}

/** Spelling that go-yaml v2 resolves to a boolean (yaml.v2 `resolve.go`, `resolveMapList`) but YAML 1.2 does not. */
const YAML11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

const isSpace = (ch: string | undefined): boolean => ch === " " || ch === "\t" || ch === "\r" || ch === "\n";

/** Skip separation space and comments (a `#` at a line start or after white space) from `pos`. */
function skipSeparation(text: string, pos: number, limit: number): number {
  while (pos < limit) {
    const ch = text[pos];
    if (isSpace(ch)) pos++;
    else if (ch === "#" && (pos === 0 || isSpace(text[pos - 1]))) {
      while (pos < limit && text[pos] !== "\n") pos++;
    } else break;
  }
  return pos;
}

/** Skip a node's tag and anchor properties (`!!str`, `&name`) to its content. */
function skipProperties(text: string, pos: number, limit: number): number {
  while (pos < limit && (text[pos] === "!" || text[pos] === "&")) {
    while (pos < limit && !isSpace(text[pos])) pos++;
    pos = skipSeparation(text, pos, limit);
  }
  return pos;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text[end - 1])) end--;
  return end;
}

class DocumentWalker {
  readonly ranges = new Map<string, Range>();
  readonly yaml11Booleans: Range[] = [];
  /**
   * Each event's range, computed once: a block collection's range ends where its last entry's does, so without this
   * a chain of d nested blocks recomputes d ranges per level (and skips each level's indentation each time), which
   * made span computation cubic in the nesting depth (issue 18: 42 s for a multi-MB nested document).
   */
  private readonly rangeCache = new Map<NodeEvent, Range | undefined>();

  constructor(private readonly text: string) {}

  /** The event that actually built the node: js-yaml wraps some nodes in a second event with the same result. */
  private unwrap(event: NodeEvent): NodeEvent {
    let current = event;
    for (;;) {
      const children = this.contentChildren(current);
      const only = children.length === 1 ? children[0]! : undefined;
      if (only === undefined || !Object.is(only.result, current.result) || only.kind !== current.kind) return current;
      current = only;
    }
  }

  /** Child events with content: js-yaml also opens a node where it merely probes for one (a missing key or value). */
  private contentChildren(event: NodeEvent): NodeEvent[] {
    return event.children.filter(
      (child) => child.result !== null || skipSeparation(this.text, child.open, child.close) < child.close,
    );
  }

  private start(event: NodeEvent): number {
    return skipSeparation(this.text, event.open, event.close);
  }

  /** The node's range, or undefined for an absent node (`key:` with nothing after it). */
  range(outer: NodeEvent): Range | undefined {
    if (this.rangeCache.has(outer)) return this.rangeCache.get(outer);
    const range = this.computeRange(outer);
    this.rangeCache.set(outer, range);
    return range;
  }

  private computeRange(outer: NodeEvent): Range | undefined {
    const start = this.start(outer);
    if (start >= outer.close) return undefined;
    const event = this.unwrap(outer);
    const content = skipProperties(this.text, start, event.close);
    const first = this.text[content];
    if (event.kind === "mapping" || event.kind === "sequence") {
      // Flow collections end at their closing bracket; block ones at their last entry (js-yaml reads past
      // trailing blank lines and comments to find the end of a block).
      if (first === "{" || first === "[") return { start, end: trimEnd(this.text, start, event.close) };
      const last = this.contentChildren(event).at(-1);
      const lastEnd = (last === undefined ? undefined : this.range(last))?.end;
      if (lastEnd === undefined) return { start, end: trimEnd(this.text, start, event.close) };
      // A last key whose value is absent (`empty:`) ends the mapping at its colon.
      const colon = this.colonAfter(lastEnd);
      return { start, end: colon === undefined ? lastEnd : colon + 1 };
    }
    let end = event.close;
    if (first !== '"' && first !== "'" && first !== "|" && first !== ">") {
      // A plain scalar or an alias: `readAlias` skips the separation space after it, comments included.
      const comment = /[ \t\r\n]#/.exec(this.text.slice(start, end));
      if (comment) end = start + comment.index;
    }
    return { start, end: trimEnd(this.text, start, end) };
  }

  private record(path: FieldPath, suffix: string, range: Range): void {
    const key = pathKey(path) + suffix;
    if (!this.ranges.has(key)) this.ranges.set(key, range);
  }

  /** Record `event` (whose value is `value`) at `path`, then its descendants. */
  walk(outer: NodeEvent, path: FieldPath, value: unknown): void {
    const range = this.range(outer);
    if (range === undefined) return;
    if (path.length > 0) this.record(path, "", range);
    const event = this.unwrap(outer);
    if (event.kind === "mapping" && isRecord(value)) this.walkMapping(event, path, value);
    else if (event.kind === "sequence" && Array.isArray(value)) this.walkSequence(event, path, value);
    else if (typeof value === "string" && event.kind === "scalar") {
      if (YAML11_BOOLEAN.test(this.text.slice(range.start, range.end))) this.yaml11Booleans.push(range);
    }
  }

  /** After a key, js-yaml requires `:` (on the same line for implicit keys; on a later one after `? key`). */
  private followedByColon(range: Range): boolean {
    return this.colonAfter(range.end) !== undefined;
  }

  private colonAfter(end: number): number | undefined {
    let pos = end;
    while (isSpace(this.text[pos])) pos++;
    return this.text[pos] === ":" ? pos : undefined;
  }

  private walkMapping(event: NodeEvent, path: FieldPath, object: Record<string, unknown>): void {
    let pending: { key: string; range: Range } | undefined;
    for (const child of this.contentChildren(event)) {
      const range = this.range(child);
      if (range === undefined) continue;
      const colon = this.followedByColon(range);
      if (pending === undefined || colon) {
        // A key: a new one, or the next one after a key whose value is absent.
        if (pending !== undefined) this.record([...path, pending.key], "", pending.range);
        const key = keyString(child.result);
        if (!Object.hasOwn(object, key)) return; // cannot happen unless js-yaml changed: stop matching here
        this.record([...path, key], "#key", range);
        if (YAML11_BOOLEAN.test(this.text.slice(range.start, range.end))) this.yaml11Booleans.push(range);
        pending = colon ? { key, range } : undefined;
        if (!colon) this.record([...path, key], "", range);
      } else {
        const key = pending.key;
        if (Object.is(object[key], child.result)) this.walk(child, [...path, key], object[key]);
        else this.record([...path, key], "", pending.range);
        pending = undefined;
      }
    }
    // An absent value (`key:` and nothing after it, which reads as null) points at its key.
    if (pending !== undefined) this.record([...path, pending.key], "", pending.range);
  }

  private walkSequence(event: NodeEvent, path: FieldPath, items: readonly unknown[]): void {
    // An empty entry (`-` alone on its line) is null and has no event: match events to items in order.
    const children = this.contentChildren(event);
    let next = 0;
    items.forEach((item, index) => {
      const child = children[next];
      if (child !== undefined && Object.is(child.result, item)) {
        this.walk(child, [...path, index], item);
        next++;
      }
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** How js-yaml turns a key node into a property name (loader.js `storeMappingPair`). */
function keyString(key: unknown): string {
  return isRecord(key) ? "[object Object]" : String(key);
}

/** The ranges of every node of one document; undefined for an empty document. */
export function documentRanges(text: string, root: NodeEvent): DocumentRanges | undefined {
  const walker = new DocumentWalker(text);
  const range = walker.range(root);
  if (range === undefined || root.result === null || root.result === undefined) return undefined;
  walker.walk(root, [], root.result);
  return { root: range, ranges: walker.ranges, yaml11Booleans: walker.yaml11Booleans };
}
