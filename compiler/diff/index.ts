/**
 * The semantic diff of two meshes (docs/diff.md, issue 17): every class of requests whose decision differs between the
 * two versions, exhaustively. The request space is cut into cells by every predicate either version applies
 * (`space.ts`); one representative per cell is evaluated on both versions with the Istio engine; cells whose
 * (before, after) results are the same are merged into boxes — products of per-attribute sets — each reported as one
 * class with its constraints, an example request in docs/requests.md syntax, and both results. docs/diff.md states why this
 * is complete. Pure: no file is read or written here.
 */
import { createDiagnostic, type Diagnostic, type Result } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import type { MeshIR } from "../ir/ir.ts";
import { simulate, symbolicToken, type SimRequest, type SimulationResult } from "../eval/index.ts";
import { hostMatches } from "../ir/hosts.ts";
import { queryParam } from "../eval/istio/route-match.ts";
import { affectedBy } from "./affected.ts";
import { classify, decisionOf, kindOf, projection, SEVERITIES, type ChangeKind, type Severity } from "./classify.ts";
import { formatRequest } from "./format.ts";
import {
  cellCount,
  cellRequest,
  destinationSpace,
  ingressDestinations,
  meshDestinations,
  meshSources,
  TooManyAtoms,
  type Destination,
  type DestinationSpace,
} from "./space.ts";

export { CHANGE_KINDS, SEVERITIES, type ChangeKind, type Severity } from "./classify.ts";
export { formatRequest } from "./format.ts";

/** A request's result as `simulate --json` prints it, without the trace; null when it does not resolve. */
export type DiffResultSide = Omit<SimulationResult, "trace"> | null;

/** One class of requests whose fate changes (docs/diff.md). */
export interface Change {
  /** The most severe kind of change (docs/diff.md `kind`). */
  readonly kind: ChangeKind;
  /** Every kind in which the two results differ. */
  readonly kinds: readonly ChangeKind[];
  /** The reviewer's reading: newly allowed, newly denied, destinations, split, status, mtls, fault, route, policy. */
  readonly severity: Severity;
  /** The class in words: sources, host:port, and each constrained attribute. */
  readonly where: string;
  readonly constraints: {
    readonly sources: readonly string[] | "any";
    readonly destination: string;
    /** `mesh`, or the ingress gateway the requests enter through. */
    readonly via: string;
    /** Per attribute (`method`, `path`, `header end-user`, `query q`, `authority`): the atoms the class covers. */
    readonly attributes: Readonly<Record<string, readonly string[]>>;
  };
  /** How many cells (request classes of the partition) the class merges. */
  readonly cells: number;
  /** A concrete request of the class, docs/requests.md syntax. */
  readonly example: string;
  readonly before: DiffResultSide;
  readonly after: DiffResultSide;
}

export interface MeshDiff {
  readonly changes: readonly Change[];
  /** Changes per kind (each change counted under its `kind`). */
  readonly summary: Readonly<Partial<Record<ChangeKind, number>>>;
  readonly stats: {
    readonly destinations: number;
    /** Destinations the change may affect (the others are not partitioned). */
    readonly affected: number;
    /** Cells evaluated, on each version. */
    readonly cells: number;
  };
  /**
   * The reported change whose class holds this request (tests check completeness with it): undefined when the
   * request falls in no reported class, `unknown` when it is outside the enumerated space (an unresolvable host).
   */
  readonly locate: (request: SimRequest) => Change | undefined | "unknown";
}

export interface DiffOptions {
  /** Refuse a destination whose partition has more cells than this. @default 2,000,000 */
  readonly maxCells?: number;
  /** Refuse a destination one of whose attributes splits into more atoms than this. @default 512 */
  readonly maxAtoms?: number;
  /** Partition every destination, even those no changed resource can affect (tests: `diff A A` over everything). */
  readonly everyDestination?: boolean;
}

/** Products of per-dimension sets covering exactly the given cells (merged along one dimension at a time). */
function boxes(cells: readonly (readonly number[])[]): number[][][] {
  if (cells.length === 0) return [];
  const k = cells[0]!.length;
  let out = cells.map((c) => c.map((v) => [v]));
  for (let pass = 0; pass < 2; pass++)
    for (let d = k - 1; d >= 0; d--) {
      const groups = new Map<string, number[][][]>();
      for (const b of out) {
        const key = b.map((s, i) => (i === d ? "" : s.join(","))).join("|");
        const g = groups.get(key);
        if (g === undefined) groups.set(key, [b]);
        else g.push(b);
      }
      out = [...groups.values()].map((g) => {
        const merged = g[0]!.slice();
        merged[d] = [...new Set(g.flatMap((b) => b[d]!))].sort((x, y) => x - y);
        return merged;
      });
    }
  return out;
}

const MAX_LISTED = 6;
function listed(labels: readonly string[]): string {
  return labels.length <= MAX_LISTED
    ? labels.join(", ")
    : `${labels.slice(0, MAX_LISTED - 1).join(", ")} and ${labels.length - MAX_LISTED + 1} more`;
}

function describeBox(
  space: DestinationSpace,
  box: readonly (readonly number[])[],
): Pick<Change, "where" | "constraints"> {
  const d = space.destination;
  const sources =
    box[0]!.length === space.sources.length
      ? "any"
      : box[0]!.flatMap((i) => space.members[i]!.map((m) => m.label)).sort();
  const attributes: Record<string, readonly string[]> = {};
  space.dimensions.forEach((dim, i) => {
    const set = box[i + 1]!;
    if (set.length < dim.atoms.length) attributes[dim.name] = set.map((j) => dim.atoms[j]!.label);
  });
  const destination = `${d.host}:${d.port}`;
  const parts = [
    `${sources === "any" ? (d.via === "mesh" ? "any source" : `ingress ${d.via}`) : listed(sources)} → ${destination}`,
    ...Object.entries(attributes).map(([name, labels]) => `${name}: ${labels.join(" | ")}`),
  ];
  return { where: parts.join("; "), constraints: { sources, destination, via: d.via, attributes } };
}

const sideOf = (r: SimulationResult | undefined): DiffResultSide => {
  if (r === undefined) return null;
  const { trace: _t, ...rest } = r;
  return rest;
};

interface Differing {
  readonly cell: number[];
  readonly before: SimulationResult | undefined;
  readonly after: SimulationResult | undefined;
  readonly kinds: ChangeKind[];
  readonly severity: Severity;
}

/** Evaluates every cell of a destination on both versions; the cells whose decision differs. */
function differingCells(before: MeshIR, after: MeshIR, space: DestinationSpace): Differing[] {
  const sizes = [space.sources.length, ...space.dimensions.map((d) => d.atoms.length)];
  const cell = sizes.map(() => 0);
  const out: Differing[] = [];
  if (sizes.some((s) => s === 0)) return out;
  for (;;) {
    if (space.realisable?.(cell) === false) {
      let i = sizes.length - 1;
      while (i >= 0 && ++cell[i]! === sizes[i]) cell[i--] = 0;
      if (i < 0) return out;
      continue;
    }
    const req = cellRequest(space, cell);
    const b = simulate(before, req, { trace: false }).value;
    const a = simulate(after, req, { trace: false }).value;
    const c = classify(decisionOf(b), decisionOf(a));
    if (c !== undefined) out.push({ cell: cell.slice(), before: b, after: a, ...c });
    let i = sizes.length - 1;
    while (i >= 0 && ++cell[i]! === sizes[i]) cell[i--] = 0;
    if (i < 0) return out;
  }
}

/** The destination a request goes to, among the enumerated ones (by spelling; through a gateway, by host patterns). */
function destinationOf(targets: readonly { d: Destination }[], req: SimRequest): Destination | undefined {
  const host = req.host.toLowerCase();
  if (req.source.kind === "ingress") {
    const via = `${req.source.namespace}/${req.source.gateway}`;
    const port = req.port ?? 80;
    const same = targets.map((t) => t.d).filter((d) => d.via === via && d.port === port);
    const patterns = [...new Set(same.flatMap((d) => d.patterns ?? []))];
    const sig = (h: string) => patterns.map((p) => hostMatches(p.toLowerCase(), h)).join();
    return same.find((d) => d.host === host) ?? same.find((d) => sig(d.host) === sig(host));
  }
  const written = req.port === undefined ? host : `${host}:${req.port}`;
  return targets.map((t) => t.d).find((d) => d.via === "mesh" && d.spellings.includes(written));
}

/** The classes of requests whose decision differs between `before` and `after`. */
export function diffMeshes(before: MeshIR, after: MeshIR, options: DiffOptions = {}): Result<MeshDiff> {
  const maxCells = options.maxCells ?? 2_000_000;
  const maxAtoms = options.maxAtoms ?? 512;
  const diagnostics: Diagnostic[] = [];
  const affected = options.everyDestination === true ? () => true : affectedBy(before, after);
  const meshSrc = meshSources(before, after);
  const targets = [
    ...meshDestinations(before, after).map((d) => ({ d, sources: meshSrc })),
    ...ingressDestinations(before, after).flatMap((g) => g.destinations.map((d) => ({ d, sources: [g.source] }))),
  ];
  const changes: Change[] = [];
  const located = new Map<string, { space: DestinationSpace; boxes: { change: Change; box: number[][] }[] }>();
  const approximate = new Set<string>();
  let cells = 0;
  let affectedCount = 0;
  for (const { d, sources } of targets) {
    if (!affected(d)) continue;
    affectedCount++;
    let space: DestinationSpace;
    try {
      space = destinationSpace(before, after, d, sources, maxAtoms);
    } catch (e) {
      if (!(e instanceof TooManyAtoms)) throw e;
      diagnostics.push(
        createDiagnostic(Messages.Diff_attribute_0_of_1_has_too_many_classes, undefined, [e.message, d.key, maxAtoms]),
      );
      continue;
    }
    for (const a of space.approximate) approximate.add(a);
    const n = cellCount(space);
    if (n > maxCells) {
      diagnostics.push(createDiagnostic(Messages.Diff_destination_0_has_1_cells, undefined, [d.key, n, maxCells]));
      continue;
    }
    cells += n;
    const entry = { space, boxes: [] as { change: Change; box: number[][] }[] };
    located.set(d.key, entry);
    const groups = new Map<string, Differing[]>();
    for (const x of differingCells(before, after, space)) {
      const key = projection(decisionOf(x.before), decisionOf(x.after), x.kinds);
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [x]);
      else g.push(x);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      for (const box of boxes(group.map((x) => x.cell))) {
        const exampleCell = box.map((s) => s[0]!);
        const req = cellRequest(space, exampleCell);
        const example = group.find((x) => x.cell.every((v, i) => v === exampleCell[i])) ?? first;
        const change: Change = {
          kind: kindOf(first.severity),
          kinds: first.kinds,
          severity: first.severity,
          ...describeBox(space, box),
          cells: box.reduce((p, s) => p * s.length, 1),
          example: formatRequest(req),
          before: sideOf(example.before),
          after: sideOf(example.after),
        };
        changes.push(change);
        entry.boxes.push({ change, box });
      }
    }
  }
  for (const a of approximate) diagnostics.push(createDiagnostic(Messages.Diff_predicate_0_is_sampled, undefined, [a]));
  changes.sort(
    (x, y) =>
      SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) ||
      (x.constraints.destination < y.constraints.destination
        ? -1
        : x.constraints.destination > y.constraints.destination
          ? 1
          : 0) ||
      (x.where < y.where ? -1 : x.where > y.where ? 1 : 0),
  );
  const summary: Partial<Record<ChangeKind, number>> = {};
  for (const c of changes) summary[c.kind] = (summary[c.kind] ?? 0) + 1;
  const locate = (req: SimRequest): Change | undefined | "unknown" => {
    const d = destinationOf(targets, req);
    if (d === undefined) return "unknown";
    const entry = located.get(d.key);
    if (entry === undefined) return undefined;
    const { space } = entry;
    const same = (s: (typeof space.sources)[number]) => JSON.stringify(s.source) === JSON.stringify(req.source);
    // A workload without a sidecar has no `plaintext` variant: it always sends plaintext.
    const exact = space.members.findIndex((m) => m.some((s) => same(s) && s.plaintext === req.plaintext));
    const src = exact >= 0 ? exact : space.members.findIndex((m) => m.some(same));
    const value = (name: string): string | undefined => {
      // A `jwt` clause's token is sent as `Authorization: Bearer` (request.ts `httpView`).
      if (name === "header authorization" && req.jwt !== undefined) return `Bearer ${symbolicToken(req.jwt)}`;
      if (name === "authority") return req.port === undefined ? req.host : `${req.host}:${req.port}`;
      if (name === "method") return req.method;
      if (name === "path") return req.path;
      if (name.startsWith("header ")) return req.headers[name.slice(7)];
      return queryParam(req.query, name.slice(6));
    };
    const cell = [
      src,
      ...space.dimensions.map((dim) => (dim.atomOfRequest ? dim.atomOfRequest(req) : dim.atomOf(value(dim.name)))),
    ];
    if (cell.some((i) => i < 0)) return "unknown";
    return entry.boxes.find((b) => b.box.every((set, i) => set.includes(cell[i]!)))?.change;
  };
  return {
    value: { changes, summary, stats: { destinations: targets.length, affected: affectedCount, cells }, locate },
    diagnostics,
  };
}
