/**
 * A compact `FieldSpans` for the loaders. A document has a span per field (a generated mesh of 10,000 services has
 * ~4.5 million), and as a `Map<string, Span>` each cost ~140 bytes (entry, key string, Span object): 60 % of the
 * YAML front end's heap, and the largest share of a large build's memory. Here documents with the same keys in the
 * same order (the same shape: every Deployment of a generated mesh, say) share one key index, and each document
 * keeps only its numbers (file index, start, length) in an `Int32Array`: 12 bytes a field. `get` builds the `Span`
 * when asked; nothing compares spans by identity.
 */
import type { FieldSpans, Span } from "../diagnostics/span.ts";

interface Shape {
  readonly keys: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

/** Shapes by their keys joined with NUL; cleared when it grows past `MAX_SHAPES` so it cannot grow without bound. */
const shapes = new Map<string, Shape>();
const MAX_SHAPES = 10_000;

function shapeOf(keys: readonly string[]): Shape {
  const signature = keys.join("\u0000");
  let shape = shapes.get(signature);
  if (shape === undefined) {
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shape = { keys: [...keys], index: new Map(keys.map((k, i) => [k, i] as const)) };
    shapes.set(signature, shape);
  }
  return shape;
}

class PackedSpans implements FieldSpans {
  constructor(
    private readonly shape: Shape,
    private readonly files: readonly string[],
    /** (file index, start, length) per key, in key order. */
    private readonly numbers: Int32Array,
  ) {}

  get size(): number {
    return this.shape.keys.length;
  }

  get(key: string): Span | undefined {
    const i = this.shape.index.get(key);
    return i === undefined ? undefined : this.at(i);
  }

  has(key: string): boolean {
    return this.shape.index.has(key);
  }

  private at(i: number): Span {
    const n = this.numbers;
    return { file: this.files[n[3 * i]!]!, start: n[3 * i + 1]!, length: n[3 * i + 2]! };
  }

  /** Iteration (rare: re-rooting List items, mesh config lines) goes through a plain Map built on demand. */
  private map(): Map<string, Span> {
    return new Map(this.shape.keys.map((k, i) => [k, this.at(i)] as const));
  }

  forEach(callback: (value: Span, key: string, map: ReadonlyMap<string, Span>) => void, thisArg?: unknown): void {
    this.shape.keys.forEach((k, i) => callback.call(thisArg, this.at(i), k, this));
  }

  entries(): MapIterator<[string, Span]> {
    return this.map().entries();
  }

  keys(): MapIterator<string> {
    return this.map().keys();
  }

  values(): MapIterator<Span> {
    return this.map().values();
  }

  [Symbol.iterator](): MapIterator<[string, Span]> {
    return this.map()[Symbol.iterator]();
  }
}

/**
 * `FieldSpans` of text ranges in one file, shifted by `offset`: what `packSpans` gives for the map of
 * `{ file, start: offset + start, length: end - start }`, without building that map (garbage the size of the
 * spans themselves, which raised a large build's peak memory). Ranges beyond 32-bit offsets go through that map.
 */
export function packRanges(
  file: string,
  offset: number,
  ranges: ReadonlyMap<string, { readonly start: number; readonly end: number }>,
): FieldSpans {
  const keys: string[] = [];
  const numbers = new Int32Array(3 * ranges.size);
  let i = 0;
  for (const [key, { start, end }] of ranges) {
    const from = offset + start;
    if (from !== (from | 0) || end - start !== ((end - start) | 0)) {
      return packSpans(
        new Map([...ranges].map(([k, r]) => [k, { file, start: offset + r.start, length: r.end - r.start }] as const)),
      );
    }
    keys.push(key);
    numbers[i++] = 0;
    numbers[i++] = from;
    numbers[i++] = end - start;
  }
  return new PackedSpans(shapeOf(keys), [file], numbers);
}

/**
 * `FieldSpans` with the entries of `spans`, in its order, stored compactly. Spans whose numbers do not fit in 32
 * bits (never for a text a loader reads) keep the map as it is.
 */
export function packSpans(spans: ReadonlyMap<string, Span>): FieldSpans {
  const keys: string[] = [];
  const files: string[] = [];
  const numbers = new Int32Array(3 * spans.size);
  let i = 0;
  for (const [key, span] of spans) {
    if (span.start !== (span.start | 0) || span.length !== (span.length | 0)) return spans;
    let f = files.indexOf(span.file);
    if (f < 0) f = files.push(span.file) - 1;
    keys.push(key);
    numbers[i++] = f;
    numbers[i++] = span.start;
    numbers[i++] = span.length;
  }
  return new PackedSpans(shapeOf(keys), files, numbers);
}
