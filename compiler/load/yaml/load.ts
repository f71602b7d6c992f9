/**
 * YAML inputs → `InputDocument`s: list the files (`walk.ts`), read them through the injected file system, parse
 * each (`parse.ts`) and keep the resources meshc reads (`resources.ts`). Every file is read and every problem
 * collected; nothing here throws for bad input.
 */
import { createDiagnostic, sortDiagnostics, type Diagnostic, type Result } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { SourceFile, Span } from "../../diagnostics/span.ts";
import type { InputDocument } from "../document.ts";
import { nodeFileSystem, type FileSystem } from "../fs.ts";
import { meshLineSpans, withParsedMeshConfig } from "./mesh-config.ts";
import { parseYamlText } from "./parse.ts";
import { MESH_CONFIG_MAP_NAME, readResources } from "./resources.ts";
import { describeFsError, listYamlFiles } from "./walk.ts";

/** What the YAML front end hands to lowering. */
export interface YamlLoad {
  /** The recognised resources, in file order then document order. */
  readonly documents: InputDocument[];
  /** Every file read (also those with errors), for rendering diagnostics. */
  readonly sourceFiles: SourceFile[];
}

/** The `istio` ConfigMap gets the line positions of its `data.mesh` block, for `withParsedMeshConfig`. */
function withMeshLines(doc: InputDocument, text: string): InputDocument {
  const object = doc.object;
  const data = object.data as Record<string, unknown> | undefined;
  const meshSpan = doc.spans.get("data.mesh");
  const isMeshConfig =
    object.kind === "ConfigMap" && (object.metadata as { name?: unknown }).name === MESH_CONFIG_MAP_NAME;
  if (!isMeshConfig || meshSpan === undefined || typeof data?.mesh !== "string") return doc;
  const lines = meshLineSpans(text, meshSpan, data.mesh);
  return lines.size === 0 ? doc : { ...doc, spans: new Map<string, Span>([...doc.spans, ...lines]) };
}

/** Parse one file's text into resources; diagnostics in position order. */
export function loadYamlText(fileName: string, text: string): Result<InputDocument[]> {
  const parsed = parseYamlText(fileName, text);
  const resources = readResources(parsed.value);
  return {
    value: resources.value.map((doc) => withParsedMeshConfig(withMeshLines(doc, text))),
    diagnostics: sortDiagnostics([...parsed.diagnostics, ...resources.diagnostics]),
  };
}

/**
 * Resources of other projects' kinds (noted one each by `resources.ts`) folded into one line for all inputs:
 * `Skipped 5 resources ...: Secret (v1) ×3, StatefulSet (apps/v1) ×2`, most frequent first.
 */
function foldSkipped(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const message = Messages.Skipped_0_resources_of_other_kinds_Colon_1;
  const skipped = diagnostics.filter((d) => d.code === message.code && d.origin !== "ts");
  if (skipped.length === 0) return [...diagnostics];
  const counts = new Map<string, number>();
  for (const d of skipped) {
    const kind = /: ([^:]+)\.$/.exec(d.message)?.[1] ?? "";
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const kinds = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => (n === 1 ? k : `${k} ×${n}`));
  const count = skipped.length === 1 ? "1 resource" : `${skipped.length} resources`;
  const summary = createDiagnostic(message, undefined, [count, kinds.join(", ")]);
  return [...diagnostics.filter((d) => !skipped.includes(d)), summary];
}

/**
 * Load Istio/Kubernetes YAML from files and directories (walked recursively for `.yaml`/`.yml`, in sorted order).
 * File names in spans are the paths as given, or joined onto a given directory. Errors: unreadable inputs (1001),
 * YAML syntax (1201), documents that are not resources (1202–1204), unserved apiVersions (1205); warnings: unknown
 * kinds (1206, skipped), YAML 1.1 booleans (1208), directories without YAML (1006).
 *
 * @example loadYamlInputs(["k8s/"], memoryFileSystem({ "k8s/svc.yaml": "apiVersion: v1\nkind: Service\n..." }))
 */
export function loadYamlInputs(paths: readonly string[], fs: FileSystem = nodeFileSystem): Result<YamlLoad> {
  const listed = listYamlFiles(paths, fs);
  const diagnostics: Diagnostic[] = [...listed.diagnostics];
  const documents: InputDocument[] = [];
  const sourceFiles: SourceFile[] = [];
  for (const fileName of listed.value) {
    let text: string;
    try {
      text = fs.readFile(fileName);
    } catch (error) {
      diagnostics.push(
        createDiagnostic(Messages.Cannot_read_input_0_Colon_1, undefined, [fileName, describeFsError(error)]),
      );
      continue;
    }
    sourceFiles.push({ fileName, text });
    const loaded = loadYamlText(fileName, text);
    documents.push(...loaded.value);
    for (const d of loaded.diagnostics) diagnostics.push(d);
  }
  return { value: { documents, sourceFiles }, diagnostics: foldSkipped(diagnostics) };
}
