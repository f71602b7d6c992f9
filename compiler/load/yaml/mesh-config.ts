/**
 * MeshConfig from the `istio` ConfigMap. Istio reads mesh-wide settings from `data.mesh` of that ConfigMap, a
 * string holding MeshConfig as YAML (pkg/config/mesh/mesh.go `ApplyMeshConfig`, which starts from
 * `DefaultMeshConfig()` and overlays the YAML). The loader keeps `data.mesh` a string, as Kubernetes does, and
 * records where each of its lines sits in the file; {@link parseMeshConfig} parses it with positions in the file.
 */
import { createDiagnostic, type Diagnostic, type Result } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import { lineAndColumn, spanAt, type Span } from "../../diagnostics/span.ts";
import type { InputDocument, ParsedMeshConfig } from "../document.ts";
import { parseYamlText } from "./parse.ts";
import { describeValue, MESH_CONFIG_MAP_NAME } from "./resources.ts";

const MESH_PATH = ["data", "mesh"] as const;
/** `data.mesh#line.<i>`: where line i of the `data.mesh` string starts in the file (literal block scalars only). */
const lineKey = (index: number): string => `data.mesh#line.${index}`;

/**
 * Line spans for a `data.mesh` written as a literal block scalar (`mesh: |`), the form Istio's charts and docs
 * use: entry `data.mesh#line.<i>` is a zero-length span where line i of the string starts in `text`. Checked line
 * by line against the string, so any other form (quoted, folded, explicit indentation) gets no entries and
 * positions inside it fall back to the whole `data.mesh` node.
 */
export function meshLineSpans(text: string, meshSpan: Span, mesh: string): Map<string, Span> {
  const none = new Map<string, Span>();
  const headerEnd = text.indexOf("\n", meshSpan.start);
  if (headerEnd < 0 || !/^\|[+-]?[ \t]*(#.*)?\r?$/.test(text.slice(meshSpan.start, headerEnd))) return none;
  const lines = mesh.split("\n");
  if (lines.at(-1) === "") lines.pop();
  let lineStart = headerEnd + 1;
  let indent: number | undefined;
  const spans = new Map<string, Span>();
  for (const [index, line] of lines.entries()) {
    const lineEnd = text.indexOf("\n", lineStart) < 0 ? text.length : text.indexOf("\n", lineStart);
    const source = text.slice(lineStart, lineEnd).replace(/\r$/, "");
    if (line !== "") indent ??= source.length - source.trimStart().length;
    const contentStart = line === "" ? Math.min(indent ?? 0, source.length) : (indent ?? 0);
    const matches =
      line === ""
        ? source.trim() === ""
        : source.slice(0, contentStart).trim() === "" && source.slice(contentStart) === line;
    if (!matches) return none;
    spans.set(lineKey(index), { file: meshSpan.file, start: lineStart + contentStart, length: 0 });
    lineStart = lineEnd + 1;
  }
  return spans;
}

/** Maps spans in the `data.mesh` string to spans in the YAML file. */
function spanMapper(doc: InputDocument, mesh: string, meshSpan: Span): (span: Span | undefined) => Span {
  if (!doc.spans.has(lineKey(0))) return () => meshSpan;
  const lines = mesh.split("\n");
  const at = (offset: number): number | undefined => {
    const { line, column } = lineAndColumn(mesh, offset);
    const start = doc.spans.get(lineKey(line - 1))?.start;
    if (start !== undefined) return start + column - 1;
    // Past the last line (an error at the end of the string): the end of the last line.
    let last = 0;
    while (doc.spans.has(lineKey(last + 1))) last++;
    const lastStart = doc.spans.get(lineKey(last))?.start;
    return line - 1 > last && lastStart !== undefined ? lastStart + (lines[last]?.length ?? 0) : undefined;
  };
  return (span) => {
    if (span === undefined) return meshSpan;
    const start = at(span.start);
    const end = at(span.start + span.length);
    if (start === undefined) return meshSpan;
    return { file: meshSpan.file, start, length: end === undefined ? 0 : Math.max(end - start, 0) };
  };
}

/**
 * The MeshConfig of an `istio` ConfigMap document, parsed from `data.mesh`, with spans in the YAML file keyed by
 * dotted paths from the MeshConfig root (`outboundTrafficPolicy.mode`). No `data.mesh` is an empty MeshConfig
 * (Istio's defaults). Reports YAML errors in the string (1201), a `data.mesh` that is not a string (1204) or not
 * one mapping (1207). The loaders attach the result to the document ({@link withParsedMeshConfig}); lowering reports
 * these diagnostics when it reads the MeshConfig, after the schema pass, as istiod reads it after admission.
 *
 * @example parseMeshConfig(doc).value.value // { trustDomain: "cluster.local", outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } }
 */
export function parseMeshConfig(doc: InputDocument): Result<ParsedMeshConfig> {
  const empty: ParsedMeshConfig = { value: {}, spans: new Map<string, Span>() };
  const data = doc.object.data;
  const mesh = typeof data === "object" && data !== null ? (data as Record<string, unknown>).mesh : undefined;
  if (mesh === undefined || mesh === null) return { value: empty, diagnostics: [] };
  const meshSpan = spanAt(doc.spans, MESH_PATH, doc.span);
  if (typeof mesh !== "string") {
    const args = ["data.mesh", "a string of MeshConfig YAML", describeValue(mesh)];
    return { value: empty, diagnostics: [createDiagnostic(Messages.Field_0_must_be_1_but_found_2, meshSpan, args)] };
  }
  const parsed = parseYamlText(meshSpan.file, mesh);
  const map = spanMapper(doc, mesh, meshSpan);
  const diagnostics: Diagnostic[] = parsed.diagnostics.map((d) => ({ ...d, span: map(d.span) }));
  const [first, ...rest] = parsed.value;
  if (first === undefined) return { value: empty, diagnostics };
  const value = first.value;
  if (typeof value !== "object" || value === null || Array.isArray(value) || rest.length > 0) {
    const found = rest.length > 0 ? `${parsed.value.length} documents` : describeValue(value);
    diagnostics.push(createDiagnostic(Messages.Mesh_config_must_be_a_mapping_Colon_found_0, meshSpan, [found]));
    return { value: empty, diagnostics };
  }
  const spans = new Map<string, Span>();
  for (const [key, span] of first.spans) spans.set(key, map(span));
  return { value: { value: value as Record<string, unknown>, spans }, diagnostics };
}

/** Whether the document is the `istio` ConfigMap, whose `data.mesh` istiod reads as MeshConfig. */
export function isMeshConfigMap(doc: InputDocument): boolean {
  const object = doc.object;
  const metadata = object.metadata;
  return (
    object.kind === "ConfigMap" &&
    typeof metadata === "object" &&
    metadata !== null &&
    (metadata as { name?: unknown }).name === MESH_CONFIG_MAP_NAME
  );
}

/** The document with its parsed MeshConfig attached when it is the `istio` ConfigMap (both front ends call this). */
export function withParsedMeshConfig(doc: InputDocument): InputDocument {
  return isMeshConfigMap(doc) ? { ...doc, meshConfig: parseMeshConfig(doc) } : doc;
}
