/**
 * Suppressions, as istioctl analyze has them (istio `pkg/config/analysis/local/istiod_analyze.go` `filterMessages`):
 *
 * - `--suppress "CODE=Kind name.namespace"` (istioctl `istioctl/pkg/analyze/analyze.go`, `AnalysisSuppression`): the
 *   code must equal the finding's, and the rest is a glob (go-glob: `*` matches any run of characters) over the
 *   resource's friendly name `Kind name.namespace` (`pkg/config/legacy/source/kube/origin.go` `FriendlyName`).
 *   meshc also accepts `Kind namespace/name` (docs/cli.md), rewritten to istioctl's form before matching.
 * - the `galley.istio.io/analyze-suppress` annotation on the resource: its value split at `,` (not trimmed, as
 *   istiod does), each part a code or `*` (every code).
 *
 * A code is a meshc code (`MESH2209`) or an istioctl analyze code that the catalog maps (`istio` of an entry). What
 * the cluster itself rejects cannot be suppressed. Nothing disappears silently: the suppressed findings are counted,
 * and a suppression that matches nothing is a warning (stale suppressions rot).
 */
import {
  createDiagnostic,
  type Diagnostic,
  type DiagnosticMessage,
  type ResourceRef,
  type Severity,
} from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import { spanAt, type Span } from "../diagnostics/span.ts";
import { metaOf } from "../ir/lower-registry.ts";
import type { InputDocument } from "../load/document.ts";
import { SUPPRESS_ANNOTATION } from "./_rule.ts";

/** One `CODE=resource` suppression, from `--suppress` or the configuration file. */
export interface Suppression {
  /** As written (`MESH2209=DestinationRule bookinfo/*`), for messages. */
  readonly text: string;
  readonly code: string;
  /** The glob over istioctl's friendly name (`DestinationRule *.bookinfo`). */
  readonly pattern: string;
  /** Where it was written (the configuration file); undefined for `--suppress`. */
  readonly span?: Span;
}

/**
 * Parses istioctl's `CODE=resource` (`strings.Split(s, "=")` must give two parts). A resource written
 * `Kind namespace/name` becomes istioctl's `Kind name.namespace`.
 *
 * @example parseSuppression("MESH2209=DestinationRule bookinfo/*") →
 *   { text: "MESH2209=DestinationRule bookinfo/*", code: "MESH2209", pattern: "DestinationRule *.bookinfo" }
 */
export function parseSuppression(text: string, span?: Span): Suppression | undefined {
  const parts = text.split("=");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return undefined;
  const [code, resource] = parts as [string, string];
  const space = resource.indexOf(" ");
  const name = space < 0 ? "" : resource.slice(space + 1);
  const slash = name.split("/");
  const pattern = slash.length === 2 ? `${resource.slice(0, space)} ${slash[1]}.${slash[0]}` : resource;
  return span === undefined ? { text, code, pattern } : { text, code, pattern, span };
}

/** ryanuber/go-glob `Glob`, which istiod uses: `*` matches any run of characters, nothing else is special. */
export function glob(pattern: string, subject: string): boolean {
  if (pattern === "") return subject === "";
  if (pattern === "*") return true;
  const parts = pattern.split("*");
  if (parts.length === 1) return subject === pattern;
  const leading = pattern.startsWith("*");
  const trailing = pattern.endsWith("*");
  const end = parts.length - 1;
  let rest = subject;
  for (let i = 0; i < end; i++) {
    const idx = rest.indexOf(parts[i]!);
    if (i === 0 ? !leading && idx !== 0 : idx < 0) return false;
    rest = rest.slice(idx + parts[i]!.length);
  }
  return trailing || rest.endsWith(parts[end]!);
}

/** `Kind name.namespace`, or `Kind name` for a cluster-scoped resource (istioctl's `FriendlyName`). */
export function friendlyName(r: ResourceRef): string {
  return r.namespace === "" ? `${r.kind} ${r.name}` : `${r.kind} ${r.name}.${r.namespace}`;
}

const byCode = new Map((Object.values(Messages) as DiagnosticMessage[]).map((m) => [m.code, m]));
/** Every istioctl code some catalog entry maps, sorted. */
export const MAPPED_IST_CODES: readonly string[] = [
  ...new Set((Object.values(Messages) as DiagnosticMessage[]).flatMap((m) => m.istio ?? [])),
].sort();

/** Whether `code` (`MESH2209`, `IST0101`) names the finding `d`. */
function names(code: string, d: Diagnostic): boolean {
  return code === `MESH${d.code}` || (byCode.get(d.code)?.istio ?? []).some((c) => c === code);
}

/** Whether meshc can report `code` at all. */
function isKnown(code: string): boolean {
  const mesh = /^MESH(\d+)$/.exec(code);
  return mesh !== null ? byCode.has(Number(mesh[1])) : MAPPED_IST_CODES.includes(code);
}

/**
 * What the API server or Istio's admission webhook rejects (structural schema 2010–2019, webhook rules 2020–2199,
 * the Gateway API CRDs' CEL rules 2306–2329, Kubernetes object validation 2330–2359): no annotation or flag makes the
 * cluster accept it.
 */
function rejectedCode(code: number, severity: Severity): boolean {
  return severity === "error" && ((code >= 2010 && code < 2200) || (code >= 2306 && code < 2360));
}

function rejectedByCluster(d: Diagnostic): boolean {
  return d.origin === undefined && rejectedCode(d.code, d.severity);
}

/**
 * Every code a suppression can name: the findings checks report at a resource (validation and analysis, 2001–2299),
 * less what the cluster rejects, then the istioctl codes the catalog maps. The DSL's `suppress` option is typed with
 * this list (stdlib/_suppress-codes.ts, generated by `npm run gen:suppress-codes`).
 */
export function suppressibleCodes(): string[] {
  const mesh = [...byCode.values()]
    .filter((m) => m.code >= 2001 && m.code < 2300 && !rejectedCode(m.code, m.severity))
    .map((m) => m.code)
    .sort((a, b) => a - b)
    .map((c) => `MESH${c}`);
  return [...mesh, ...MAPPED_IST_CODES];
}

/** The documents that carry the annotation, named as findings name their resource, with the annotation's span. */
function annotated(documents: readonly InputDocument[]): { resource: ResourceRef; span: Span }[] {
  return documents.flatMap((doc) => {
    const metadata = doc.object["metadata"] as { annotations?: Record<string, unknown> } | undefined;
    const value = metadata?.annotations?.[SUPPRESS_ANNOTATION];
    if (typeof value !== "string") return [];
    const kind = String(doc.object["kind"]);
    const { name, namespace } = metaOf(doc);
    const resource = { kind, name, namespace: kind === "Namespace" ? "" : namespace, suppressAnnotation: value };
    return [{ resource, span: spanAt(doc.spans, ["metadata", "annotations", SUPPRESS_ANNOTATION], doc.span) }];
  });
}

export interface Suppressed {
  readonly diagnostics: Diagnostic[];
  /** How many findings were suppressed. */
  readonly count: number;
}

/**
 * Removes the findings the suppressions and annotations name, and reports suppressions that matched nothing.
 * `documents` are the analysed mesh's (annotations that suppress nothing are reported from them); without them (the
 * analysis did not run) nothing is reported stale.
 */
export function applySuppressions(
  diagnostics: readonly Diagnostic[],
  suppressions: readonly Suppression[],
  documents: readonly InputDocument[] | undefined,
): Suppressed {
  const used = new Set<Suppression>();
  const blocked = new Set<Suppression>();
  const usedAnnotationCodes = new Set<string>();
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    const r = d.resource;
    if (r === undefined) {
      kept.push(d);
      continue;
    }
    const annotationCodes = (r.suppressAnnotation?.split(",") ?? []).filter((c) => c === "*" || names(c, d));
    const matching = suppressions.filter((s) => names(s.code, d) && glob(s.pattern, friendlyName(r)));
    if (rejectedByCluster(d)) {
      for (const s of matching) blocked.add(s);
      kept.push(d);
      continue;
    }
    for (const c of annotationCodes) usedAnnotationCodes.add(`${friendlyName(r)}\u0000${c}`);
    for (const s of matching) used.add(s);
    if (annotationCodes.length === 0 && matching.length === 0) kept.push(d);
  }
  const warnings = suppressions.flatMap((s) => {
    if (!isKnown(s.code))
      return [
        createDiagnostic(Messages.Code_0_is_not_reported_by_meshc, s.span, [s.code, MAPPED_IST_CODES.join(", ")]),
      ];
    if (blocked.has(s) && !used.has(s))
      return [createDiagnostic(Messages.Code_0_cannot_be_suppressed, s.span, [s.code])];
    if (used.has(s) || documents === undefined) return [];
    return [createDiagnostic(Messages.Suppression_0_matched_no_finding, s.span, [s.text])];
  });
  // One annotation may sit on several resources (a mesh.ts declaration lowers to a Service, its Deployments and
  // DestinationRule): a code is stale when it suppressed nothing on any resource its annotation was written for.
  const stale = new Map<string, { code: string; span: Span; matched: boolean }>();
  for (const { resource, span } of documents === undefined ? [] : annotated(documents)) {
    for (const code of resource.suppressAnnotation!.split(",")) {
      // `*` and the istioctl codes meshc does not map are there for istioctl analyze.
      if (code === "*" || (/^IST\d+$/.test(code) && !MAPPED_IST_CODES.includes(code))) continue;
      const key = `${span.file}\u0000${span.start}\u0000${code}`;
      const matched = usedAnnotationCodes.has(`${friendlyName(resource)}\u0000${code}`);
      const entry = stale.get(key);
      if (entry === undefined) stale.set(key, { code, span, matched });
      else if (matched) entry.matched = true;
    }
  }
  for (const { code, span, matched } of stale.values()) {
    if (!isKnown(code))
      warnings.push(
        createDiagnostic(Messages.Code_0_is_not_reported_by_meshc, span, [code, MAPPED_IST_CODES.join(", ")]),
      );
    else if (!matched)
      warnings.push(createDiagnostic(Messages.Annotation_suppresses_0_but_no_such_finding, span, [code]));
  }
  return { diagnostics: [...kept, ...warnings], count: diagnostics.length - kept.length };
}
