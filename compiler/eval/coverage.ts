/**
 * Scenario coverage: which VirtualService rules (and their match blocks), AuthorizationPolicy rules, RequestAuthentication
 * JWT rules (that accepted a token) and PeerAuthentication settings at least one simulated request exercised — the mesh-level counterpart of Envoy's
 * router_check_tool `--covall` (https://www.envoyproxy.io/docs/envoy/latest/operations/tools/route_table_check_tool).
 * The engine reports hits to a `CoverageSink`; the universe of items comes from the IR.
 */
import { resourcesOf, type MeshIR } from "../ir/ir.ts";
import { spanAt, type Span } from "../diagnostics/span.ts";

export type CoverageItem =
  /** A VirtualService http rule, or one match block of it (`match` null: the rule has no match blocks). */
  | { readonly kind: "route"; readonly resource: string; readonly rule: number; readonly match: number | null }
  /** A VirtualService tcp rule (per rule: Envoy's tcp_proxy chains do not tell its match blocks apart). */
  | { readonly kind: "tcpRoute"; readonly resource: string; readonly rule: number }
  | { readonly kind: "authzRule"; readonly policy: string; readonly rule: number }
  /** A RequestAuthentication JWT rule that accepted a token. */
  | { readonly kind: "jwtRule"; readonly policy: string; readonly rule: number }
  /** A PeerAuthentication's `mtls.mode` (port null) or one of its `portLevelMtls` entries. */
  | { readonly kind: "peerAuthentication"; readonly policy: string; readonly port: number | null };

export interface CoverageSink {
  hit(item: CoverageItem): void;
}

export function coverageKey(item: CoverageItem): string {
  switch (item.kind) {
    case "route":
      return `VirtualService ${item.resource} http[${item.rule}]${item.match === null ? "" : ` match[${item.match}]`}`;
    case "tcpRoute":
      return `VirtualService ${item.resource} tcp[${item.rule}]`;
    case "authzRule":
      return `AuthorizationPolicy ${item.policy} rules[${item.rule}]`;
    case "jwtRule":
      return `RequestAuthentication ${item.policy} jwtRules[${item.rule}]`;
    case "peerAuthentication":
      return `PeerAuthentication ${item.policy} ${item.port === null ? "mtls" : `portLevelMtls[${item.port}]`}`;
    default:
      return item satisfies never;
  }
}

/** A sink that remembers the keys of the items hit. */
export function collectingSink(): CoverageSink & { readonly keys: Set<string> } {
  const keys = new Set<string>();
  return { keys, hit: (item) => void keys.add(coverageKey(item)) };
}

export interface CoverableItem {
  readonly item: CoverageItem;
  readonly key: string;
  readonly span: Span;
}

/** Every item scenarios could exercise, in IR order. */
export function coverageUniverse(ir: MeshIR): CoverableItem[] {
  const out: CoverableItem[] = [];
  const add = (item: CoverageItem, span: Span) => out.push({ item, key: coverageKey(item), span });
  for (const vs of resourcesOf(ir, "virtualService")) {
    const resource = `${vs.meta.namespace}/${vs.meta.name}`;
    (vs.spec.http ?? []).forEach((rule, i) => {
      const matches = rule.match ?? [];
      if (matches.length === 0)
        add({ kind: "route", resource, rule: i, match: null }, spanAt(vs.spans, ["spec", "http", i], vs.span));
      matches.forEach((_, m) =>
        add({ kind: "route", resource, rule: i, match: m }, spanAt(vs.spans, ["spec", "http", i, "match", m], vs.span)),
      );
    });
    (vs.spec.tcp ?? []).forEach((_, i) =>
      add({ kind: "tcpRoute", resource, rule: i }, spanAt(vs.spans, ["spec", "tcp", i], vs.span)),
    );
  }
  for (const ap of resourcesOf(ir, "authorizationPolicy")) {
    const policy = `${ap.meta.namespace}/${ap.meta.name}`;
    (ap.spec.rules ?? []).forEach((_, r) =>
      add({ kind: "authzRule", policy, rule: r }, spanAt(ap.spans, ["spec", "rules", r], ap.span)),
    );
  }
  for (const ra of resourcesOf(ir, "requestAuthentication")) {
    const policy = `${ra.meta.namespace}/${ra.meta.name}`;
    (ra.spec.jwtRules ?? []).forEach((_, r) =>
      add({ kind: "jwtRule", policy, rule: r }, spanAt(ra.spans, ["spec", "jwtRules", r], ra.span)),
    );
  }
  for (const pa of resourcesOf(ir, "peerAuthentication")) {
    const policy = `${pa.meta.namespace}/${pa.meta.name}`;
    if (pa.mode !== "UNSET")
      add({ kind: "peerAuthentication", policy, port: null }, spanAt(pa.spans, ["spec", "mtls"], pa.span));
    for (const port of [...pa.portModes.keys()].sort((a, b) => a - b)) {
      add(
        { kind: "peerAuthentication", policy, port },
        spanAt(pa.spans, ["spec", "portLevelMtls", String(port)], pa.span),
      );
    }
  }
  return out;
}

export interface CoverageReport {
  readonly total: number;
  readonly covered: number;
  /** 0–100; 100 when there is nothing to cover. */
  readonly percent: number;
  readonly uncovered: readonly CoverableItem[];
}

export function coverageReport(ir: MeshIR, hits: ReadonlySet<string>): CoverageReport {
  const universe = coverageUniverse(ir);
  const uncovered = universe.filter((i) => !hits.has(i.key));
  const covered = universe.length - uncovered.length;
  return {
    total: universe.length,
    covered,
    percent: universe.length === 0 ? 100 : (100 * covered) / universe.length,
    uncovered,
  };
}
