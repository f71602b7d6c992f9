/**
 * String predicates as regular languages, and the partition of one request attribute by them. Every matcher the
 * evaluator applies to a string attribute — Istio `StringMatch` exact / prefix / regex (RE2 full match, envoy
 * `RegexMatcher`), AuthorizationPolicy values (exact, `prefix*`, `*suffix`, `*`, URI templates) — denotes a regular
 * language, so the attribute's values split into finitely many *atoms*: the non-empty Boolean combinations of those
 * languages, within the attribute's universe (e.g. normalized paths). Atoms are computed exactly with refa's DFAs
 * (intersection, complement, emptiness); each gets a witness string that is then checked against the real matchers
 * (`test`, the evaluator's own functions, re2js for regexes), so a regex refa reads differently from RE2 is caught.
 */
import { DFA, JS, NFA, type CharSet } from "refa";

/** A matcher on one string attribute, with the evaluator's semantics in `test`. */
export interface StringPredicate {
  /** Stable identity (dedupes the same matcher written in several resources). */
  readonly key: string;
  /** How a class description shows it: `prefix '/api'`, `regex 'v[0-9]+'`. */
  readonly label: string;
  /** The language as an RE2 pattern (full match); undefined when it cannot be analysed exactly. */
  readonly re2: string | undefined;
  readonly ignoreCase: boolean;
  /** The evaluator's own decision for a value. */
  readonly test: (value: string) => boolean;
}

/** One cell of an attribute's partition: the predicates its values satisfy, and a witness value. */
export interface Atom {
  /** `sig[i]`: whether the atom's values satisfy predicate `i`. */
  readonly sig: readonly boolean[];
  readonly witness: string;
}

export interface Partition {
  readonly predicates: readonly StringPredicate[];
  readonly atoms: readonly Atom[];
  /** Predicates that could not be analysed exactly (a regex outside the analysable RE2 subset): sampled instead. */
  readonly approximate: readonly StringPredicate[];
}

const MAX_CHAR = 0x10ffff;

/** RE2 syntax that JS (u flag) reads the same way or can be rewritten to; undefined when a construct is unsupported. */
export function re2ToJs(pattern: string): { source: string; flags: string } | undefined {
  let flags = "u";
  let p = pattern;
  const leading = /^\(\?([imsU]+)\)/.exec(p);
  if (leading) {
    if (/[mU]/.test(leading[1]!)) return undefined;
    if (leading[1]!.includes("i")) flags += "i";
    if (leading[1]!.includes("s")) flags += "s";
    p = p.slice(leading[0].length);
  }
  const POSIX: Record<string, string> = {
    alnum: "0-9A-Za-z",
    alpha: "A-Za-z",
    ascii: "\\x00-\\x7F",
    blank: "\\t ",
    cntrl: "\\x00-\\x1F\\x7F",
    digit: "0-9",
    graph: "!-~",
    lower: "a-z",
    print: " -~",
    punct: "!-\\/:-@\\[-`{-~",
    space: "\\t\\n\\v\\f\\r ",
    upper: "A-Z",
    word: "0-9A-Za-z_",
    xdigit: "0-9A-Fa-f",
  };
  let out = "";
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "\\") {
      const n = p[i + 1];
      if (n === undefined) return undefined;
      if (n === "Q") {
        const end = p.indexOf("\\E", i + 2);
        const lit = p.slice(i + 2, end < 0 ? p.length : end);
        out += [...lit].map(escapeChar).join("");
        i = end < 0 ? p.length : end + 1;
        continue;
      }
      if (n === "z" || n === "A") {
        // Anchors: a full match already spans the whole value, so only at the ends are they no-ops.
        if ((n === "A" && i === 0) || (n === "z" && i + 2 === p.length)) {
          i++;
          continue;
        }
        return undefined;
      }
      if (n === "p" || n === "P") {
        if (p[i + 2] === "{") {
          const end = p.indexOf("}", i + 2);
          if (end < 0) return undefined;
          out += `\\${n}{${p.slice(i + 3, end)}}`;
          i = end;
        } else {
          out += `\\${n}{${p[i + 2] ?? ""}}`;
          i += 2;
        }
        continue;
      }
      if (n === "C" || n === "b" || n === "B") return undefined;
      if (/[0-9A-Za-z]/.test(n)) {
        if (n === "x" && p[i + 2] === "{") {
          const end = p.indexOf("}", i + 2);
          if (end < 0) return undefined;
          out += `\\u{${p.slice(i + 3, end)}}`;
          i = end;
          continue;
        }
        out += `\\${n}`;
        i++;
        continue;
      }
      out += escapeChar(n);
      i++;
      continue;
    }
    if (inClass && c === "[" && p[i + 1] === ":") {
      const end = p.indexOf(":]", i + 2);
      if (end < 0) return undefined;
      const name = p.slice(i + 2, end);
      const negated = name.startsWith("^");
      const set = POSIX[negated ? name.slice(1) : name];
      if (set === undefined || negated) return undefined;
      out += set;
      i = end + 1;
      continue;
    }
    if (!inClass && c === "(" && p[i + 1] === "?") {
      if (p[i + 2] === "P" && p[i + 3] === "<") {
        out += "(?<";
        i += 3;
        continue;
      }
      if (p[i + 2] === ":") {
        out += "(?:";
        i += 2;
        continue;
      }
      return undefined;
    }
    if (!inClass && (c === "^" || c === "$")) {
      // In a full match `^` / `$` only hold at the ends (RE2 without the m flag).
      if ((c === "^" && i === 0) || (c === "$" && i === p.length - 1)) continue;
      return undefined;
    }
    if (c === "[" && !inClass) {
      inClass = true;
      out += c;
      if (p[i + 1] === "^") {
        out += "^";
        i++;
      }
      if (p[i + 1] === "]") {
        out += "\\]";
        i++;
      }
      continue;
    }
    if (c === "]" && inClass) inClass = false;
    else if (inClass && (c === "[" || c === "/" || c === "{" || c === "}" || c === "(" || c === ")" || c === "|")) {
      out += escapeChar(c);
      continue;
    }
    out += c;
  }
  return { source: out, flags };
}

function escapeChar(c: string): string {
  return /[0-9A-Za-z_ ]/.test(c) ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`;
}

/** A literal as a JS (u flag) regex source. */
export function literal(s: string): string {
  return [...s].map(escapeChar).join("");
}

const dfaCache = new Map<string, DFA>();

/** The DFA of a JS pattern (full match), minimized; cached by source and flags. */
export function dfaOf(source: string, flags: string): DFA {
  const key = `${flags}/${source}`;
  let d = dfaCache.get(key);
  if (d === undefined) {
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags }).parse();
    if (maxCharacter !== MAX_CHAR) throw new Error("expected a unicode pattern");
    d = DFA.fromFA(NFA.fromRegex(expression, { maxCharacter }));
    d.minimize();
    dfaCache.set(key, d);
  }
  return d;
}

function complementOf(d: DFA): DFA {
  const c = d.copy();
  c.complement();
  return c;
}

function intersect(a: DFA, b: DFA): DFA {
  const d = DFA.fromIntersection(a, b);
  d.minimize();
  return d;
}

/** The predicate's language, or undefined when its regex is outside what refa reads as RE2 does. */
function languageOf(p: StringPredicate): DFA | undefined {
  if (p.re2 === undefined) return undefined;
  const js = re2ToJs(p.re2);
  if (js === undefined) return undefined;
  try {
    return dfaOf(js.source, p.ignoreCase && !js.flags.includes("i") ? `${js.flags}i` : js.flags);
  } catch {
    return undefined;
  }
}

const toWord = (s: string): number[] => [...s].map((c) => c.codePointAt(0)!);

/** A readable member of a char set: letters and digits first, then other visible ASCII. */
function pickChar(cs: CharSet, prefer: readonly number[]): number | undefined {
  for (const c of prefer) if (cs.has(c)) return c;
  for (const r of cs.ranges) if (r.max >= 0x21 && r.min <= 0x7e) return Math.max(r.min, 0x21);
  return undefined;
}

const PREFERRED: readonly number[] = toWord("xabcdefghijklmnopqrstuvwyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ/-_.~ ");

export interface Universe {
  /** The attribute's values as a JS (u flag) pattern, e.g. normalized paths. */
  readonly source: string;
  /** Readable values tried first as witnesses, in order. */
  readonly seeds: readonly string[];
  /** Extra validity of a witness (beyond membership of the universe). */
  readonly valid?: (value: string) => boolean;
}

/** A witness of the language: a seed in it, else a short word built from readable characters. */
function witnessOf(d: DFA, seeds: readonly string[], valid: (s: string) => boolean): string | undefined {
  for (const s of seeds) if (d.test(toWord(s)) && valid(s)) return s;
  let tries = 0;
  for (const ws of d.wordSets()) {
    if (++tries > 200) break;
    const chars = ws.map((cs) => pickChar(cs, PREFERRED));
    if (chars.some((c) => c === undefined)) continue;
    const s = String.fromCodePoint(...(chars as number[]));
    if (valid(s)) return s;
  }
  return undefined;
}

/** Seeds a predicate suggests: its literal, the literal extended, for a prefix or suffix. */
function seedsOf(p: StringPredicate): string[] {
  const m = /^(exact|prefix|suffix) '(.*)'$/s.exec(p.label);
  if (!m) return [];
  const v = m[2]!;
  if (m[1] === "exact") return [v];
  if (m[1] === "prefix") return [v, `${v}x`, `${v}/x`, `${v}1`];
  return [v, `x${v}`, `/x${v}`];
}

/**
 * The partition of the universe by the predicates, one witness per non-empty atom. Exact for predicates with a
 * language; each of the others (`approximate`) only splits the atoms by the witnesses found for it.
 */
export function partition(
  universe: Universe,
  predicates: readonly StringPredicate[],
  maxAtoms = 512,
): Partition | "too-many" {
  const unique = [...new Map(predicates.map((p) => [p.key, p])).values()].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  const u = dfaOf(universe.source, "u");
  const valid = universe.valid ?? (() => true);
  const seeds = [...universe.seeds, ...unique.flatMap(seedsOf)];
  let cells: { dfa: DFA; sig: boolean[] }[] = [{ dfa: u, sig: [] }];
  const approximate: StringPredicate[] = [];
  const langs = unique.map(languageOf);
  for (let i = 0; i < unique.length; i++) {
    const lang = langs[i];
    if (lang === undefined) {
      approximate.push(unique[i]!);
      cells = cells.map((c) => ({ dfa: c.dfa, sig: [...c.sig, false] }));
      continue;
    }
    const not = complementOf(lang);
    const next: { dfa: DFA; sig: boolean[] }[] = [];
    for (const c of cells) {
      const yes = intersect(c.dfa, lang);
      if (!yes.isEmpty) next.push({ dfa: yes, sig: [...c.sig, true] });
      const no = intersect(c.dfa, not);
      if (!no.isEmpty) next.push({ dfa: no, sig: [...c.sig, false] });
    }
    cells = next;
    if (cells.length > maxAtoms) return "too-many";
  }
  const atoms: Atom[] = [];
  const seen = new Set<string>();
  for (const c of cells) {
    const w = witnessOf(c.dfa, seeds, valid);
    if (w === undefined) continue;
    // The real matchers decide: an approximate predicate's bit comes from its test; an exact one must agree.
    const sig = unique.map((p) => p.test(w));
    const exactBitsAgree = sig.every((b, i) => langs[i] === undefined || b === c.sig[i]);
    if (!exactBitsAgree) {
      // refa read a regex differently from RE2: treat every regex of this attribute as approximate.
      return partition(
        universe,
        predicates.map((p) => (p.re2 !== undefined && p.label.startsWith("regex") ? { ...p, re2: undefined } : p)),
        maxAtoms,
      );
    }
    const k = sig.join();
    if (!seen.has(k)) {
      seen.add(k);
      atoms.push({ sig, witness: w });
    }
  }
  // Sampled witnesses of approximate predicates (their matching and non-matching seeds) may open more atoms.
  for (const p of approximate)
    for (const s of sampleFor(p)) {
      if (!u.test(toWord(s)) || !valid(s)) continue;
      const sig = unique.map((q) => q.test(s));
      const k = sig.join();
      if (!seen.has(k)) {
        seen.add(k);
        atoms.push({ sig, witness: s });
      }
    }
  return { predicates: unique, atoms, approximate };
}

/** Candidate values for a predicate that cannot be analysed: its literal characters, and short variations. */
function sampleFor(p: StringPredicate): string[] {
  const body = p.label.replace(/^regex '(.*)'$/s, "$1");
  const lit = body.replace(/\\(.)/g, "$1").replace(/[\^$()[\]{}*+?|]/g, "");
  return [lit, `/${lit}`, `${lit}x`, "", "/", "x"];
}
