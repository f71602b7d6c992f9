/**
 * What the attributes of a destination's space share: a dimension (an attribute's atoms, how a request realises each,
 * and which atom a value falls in), partitions cached across destinations, and atoms described in words.
 */
import type { RequestJwt, SimRequest } from "../eval/index.ts";
import { partition, type Partition, type StringPredicate, type Universe } from "./language.ts";

/** One attribute of the space: its atoms' descriptions; `values[i]` realises atom `i` in a request. */
export interface Dimension {
  readonly name: string;
  /** `jwt`: the token of the `jwt` clause the atom's requests carry (undefined: none); `value` is unused. */
  readonly atoms: readonly { readonly label: string; readonly value: string | undefined; readonly jwt?: RequestJwt }[];
  /** Which atom a value falls in (undefined: absent); -1 when outside the dimension's universe. */
  readonly atomOf: (value: string | undefined) => number;
  /** For an attribute read from the whole request (the JWT), which atom the request falls in; -1 when none. */
  readonly atomOfRequest?: (request: SimRequest) => number;
}

const partitions = new Map<string, Partition | "too-many">();

/** Partitions are shared between destinations with the same predicates (most of a generated mesh's hosts). */
export function cachedPartition(
  universe: Universe,
  name: string,
  preds: readonly StringPredicate[],
  maxAtoms: number,
): Partition | "too-many" {
  const key = `${maxAtoms}\u0000${name}\u0000${universe.source}\u0000${[...new Set(preds.map((p) => p.key))].sort().join("\u0000")}`;
  let p = partitions.get(key);
  if (p === undefined) {
    p = partition(universe, preds, maxAtoms);
    partitions.set(key, p);
  }
  return p;
}

/** A predicate's kind and literal, from its key (`exact:/a`, `prefix:/api`), when it has one. */
function literalOf(key: string): { kind: string; value: string } | undefined {
  const m = /^(exact|prefix|suffix):(.*)$/s.exec(key);
  return m ? { kind: m[1]!, value: m[2]! } : undefined;
}

/** Whether a value meeting every predicate in `yes` could also meet `q` (false only when provably disjoint). */
function mayOverlap(yes: readonly StringPredicate[], q: StringPredicate): boolean {
  const b = literalOf(q.key);
  return yes.every((p) => {
    const a = literalOf(p.key);
    if (a === undefined || b === undefined) return true;
    if (a.kind === "exact") return false; // the positive fixes the value: every other answer is implied
    if (a.kind === "prefix" && (b.kind === "exact" || b.kind === "prefix"))
      return b.value.startsWith(a.value) || (b.kind === "prefix" && a.value.startsWith(b.value));
    if (a.kind === "suffix" && (b.kind === "exact" || b.kind === "suffix"))
      return b.value.endsWith(a.value) || (b.kind === "suffix" && a.value.endsWith(b.value));
    return true;
  });
}

/** An atom in words: the matches its values meet, and those they miss that could have overlapped. */
export function describe(p: Partition, sig: readonly boolean[]): string {
  const yes = p.predicates.filter((_, i) => sig[i]);
  const no = p.predicates.filter((_, i) => !sig[i]);
  if (yes.length === 0) return no.length === 0 ? "any" : `none of ${[...new Set(no.map((x) => x.label))].join(", ")}`;
  const relevant = [...new Set(no.filter((q) => mayOverlap(yes, q)).map((x) => x.label))];
  const positive = [...new Set(yes.map((x) => x.label))].join(" and ");
  return relevant.length === 0 ? positive : `${positive}, not ${relevant.join(", ")}`;
}

export class TooManyAtoms extends Error {}

export function dimension(name: string, p: Partition | "too-many", absent: boolean): Dimension {
  if (p === "too-many") throw new TooManyAtoms(name);
  const atoms = p.atoms.map((a) => ({ label: describe(p, a.sig), value: a.witness }));
  const keys = p.atoms.map((a) => a.sig.join());
  const atomOf = (v: string | undefined) => {
    if (v === undefined) return absent ? 0 : -1;
    const i = keys.indexOf(p.predicates.map((x) => x.test(v)).join());
    return i < 0 ? -1 : i + (absent ? 1 : 0);
  };
  return { name, atoms: absent ? [{ label: "absent", value: undefined }, ...atoms] : atoms, atomOf };
}
