/**
 * A small model of Envoy's `Http::HeaderMap` (envoy `source/common/http/header_map_impl.cc`): ordered entries,
 * case-insensitive names (stored lower-cased), repeated names kept. Reads join all values with `,`, as
 * `HeaderUtility::getAllOfHeaderAsString` does for matching.
 */
import type { HeaderEntry } from "./types.ts";

export class HeaderMap {
  private entries: [string, string][];

  constructor(entries: readonly HeaderEntry[] = []) {
    this.entries = entries.map(([k, v]) => [k.toLowerCase(), v]);
  }

  /** Every value of `name`, in order. */
  getAll(name: string): string[] {
    const key = name.toLowerCase();
    return this.entries.filter(([k]) => k === key).map(([, v]) => v);
  }

  /** The first value (`headers.get(key)[0]`), or undefined. */
  getFirst(name: string): string | undefined {
    return this.getAll(name)[0];
  }

  /** All values joined with `,` (HeaderUtility::getAllOfHeaderAsString), or undefined when absent. */
  getJoined(name: string): string | undefined {
    const all = this.getAll(name);
    return all.length === 0 ? undefined : all.join(",");
  }

  has(name: string): boolean {
    return this.getAll(name).length > 0;
  }

  /** `addCopy`: appends a value, keeping existing ones. */
  add(name: string, value: string): void {
    this.entries.push([name.toLowerCase(), value]);
  }

  /** `setCopy`/`setReferenceKey`: replaces every value of `name` with one, at the first occurrence's position. */
  set(name: string, value: string): void {
    const key = name.toLowerCase();
    const at = this.entries.findIndex(([k]) => k === key);
    if (at < 0) return this.add(key, value);
    this.entries = this.entries.filter(([k], i) => k !== key || i === at);
    this.entries[at] = [key, value];
  }

  remove(name: string): void {
    const key = name.toLowerCase();
    this.entries = this.entries.filter(([k]) => k !== key);
  }

  toList(): HeaderEntry[] {
    return this.entries.map(([k, v]) => [k, v] as const);
  }
}
