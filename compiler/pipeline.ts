/**
 * The compiler driver: named passes in order (load → schema → lower → validate → analyze), each returning its diagnostics;
 * a pass runs only if the ones before it found no errors, so users see every problem of one layer at once and never
 * a cascade of follow-on errors. Pure: reading goes through the injectable file system and compiler host; nothing
 * here writes.
 */
import type ts from "typescript";
import { validateDocumentSchemas } from "./check/schema/index.ts";
import { validateMesh } from "./check/validate/index.ts";
import { validateKubernetesObjects } from "./check/validate/kubernetes-objects.ts";
import { analyzeMesh } from "./check/analyze/index.ts";
import { applySuppressions, type Suppression } from "./check/suppress.ts";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.ts";
import { createDiagnostic } from "./diagnostics/diagnostic.ts";
import { Messages } from "./diagnostics/messages.ts";
import type { SourceTexts } from "./diagnostics/render.ts";
import type { MeshIR } from "./ir/ir.ts";
import type { IstiodFeatures } from "./ir/istiod-features.ts";
import { lowerDocuments } from "./ir/lower.ts";
import type { SourceFile } from "./diagnostics/span.ts";
import type { InputDocument } from "./load/document.ts";
import { nodeFileSystem, STDIN, type FileSystem } from "./load/fs.ts";
import { loadMeshTs } from "./load/mesh-ts/index.ts";
import { loadYamlInputs } from "./load/yaml/index.ts";

export interface CompileOptions {
  readonly fs?: FileSystem;
  /** For mesh.ts inputs: a compiler host (tests pass in-memory files). */
  readonly host?: ts.CompilerHost;
  /** `--suppress` and the configuration's suppressions (the resources' annotations apply anyway). */
  readonly suppressions?: readonly Suppression[];
  /**
   * `false`: skip the semantic analysis (istioctl analyze's kind of findings, which istiod accepts). For commands that
   * need only the IR as istiod would run it (`meshc diff`). @default true
   */
  readonly analyze?: boolean;
  /**
   * The istiod feature flags the mesh runs with (meshc.config.json `istiod.env`, read with
   * `istiodFeatures` of compiler/ir/istiod-features.ts). @default istiod's defaults
   */
  readonly istiod?: IstiodFeatures;
}

export interface Compilation {
  /**
   * The IR, when the cluster would accept every resource: no errors from loading, the CRD schemas, Kubernetes'
   * object rules, lowering or the webhook's validation. Errors of the analysis (istioctl analyze's findings: two
   * VirtualServices for one host, a destination port the service lacks) do not withhold it, because istiod accepts
   * such configs and serves them; `build`, `simulate` and `test` then show what it does with them (issue 13 item 3).
   */
  readonly ir: MeshIR | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Text of every file a diagnostic may point into. */
  readonly sources: SourceTexts;
  readonly inputs: readonly string[];
  /** How many findings suppressions and `galley.istio.io/analyze-suppress` annotations removed. */
  readonly suppressed: number;
}

const isTypeScript = (p: string) => /\.(m|c)?tsx?$/.test(p);
/** Kubernetes tooling reads `.json` manifests as YAML too (JSON is YAML). */
const isYamlFile = (p: string) => /\.(ya?ml|json)$/i.test(p) || p === STDIN;

/** Inputs that are files of neither kind (directories are walked for YAML, missing paths fail when read). */
function unrecognised(inputs: readonly string[], fs: FileSystem): Diagnostic[] {
  return inputs
    .filter((i) => !isTypeScript(i) && !isYamlFile(i) && fs.stat(i) === "file")
    .map((i) => createDiagnostic(Messages.Input_0_is_neither_a_mesh_ts_file_nor_YAML, undefined, [i]));
}

function loadInputs(
  inputs: readonly string[],
  options: CompileOptions,
): { documents: InputDocument[]; sourceFiles: SourceFile[]; diagnostics: Diagnostic[] } {
  if (inputs.length === 0)
    return { documents: [], sourceFiles: [], diagnostics: [createDiagnostic(Messages.No_inputs_given, undefined)] };
  const fs = options.fs ?? nodeFileSystem;
  const bad = unrecognised(inputs, fs);
  if (bad.length > 0) return { documents: [], sourceFiles: [], diagnostics: bad };
  // A mesh.ts that is not there is the same unreadable input (MESH1001, exit 2) as a missing YAML file, not tsc's
  // TS6053 (which would exit 1).
  const missing = inputs.filter((i) => isTypeScript(i) && fs.stat(i) !== "file");
  if (missing.length > 0) {
    const reason = (i: string) => (fs.stat(i) === "directory" ? "is a directory" : "no such file or directory");
    return {
      documents: [],
      sourceFiles: [],
      diagnostics: missing.map((i) =>
        createDiagnostic(Messages.Cannot_read_input_0_Colon_1, undefined, [i, reason(i)]),
      ),
    };
  }
  const tsInputs = inputs.filter(isTypeScript);
  if (tsInputs.length > 1) {
    const args = [tsInputs[0]!, tsInputs[1]!];
    return {
      documents: [],
      sourceFiles: [],
      diagnostics: [createDiagnostic(Messages.Mixed_mesh_ts_and_YAML_inputs, undefined, args)],
    };
  }
  // One mesh: a mesh.ts (policy, typically) and YAML (the registry, typically) are loaded apart and lowered together,
  // so the same resource declared in both is reported with both positions (MESH1010).
  const yamlInputs = inputs.filter((i) => !isTypeScript(i));
  const parts = [
    ...(tsInputs.length === 1 ? [loadMeshTs(tsInputs[0]!, options.host ? { host: options.host } : {})] : []),
    ...(yamlInputs.length > 0 ? [loadYamlInputs(yamlInputs, fs)] : []),
  ];
  return {
    documents: parts.flatMap((p) => p.value.documents),
    sourceFiles: parts.flatMap((p) => p.value.sourceFiles),
    diagnostics: parts.flatMap((p) => p.diagnostics),
  };
}

/** `push` of each item: `push(...items)` of 100,000+ items overflows the stack. */
function append(to: Diagnostic[], items: readonly Diagnostic[]): void {
  for (const d of items) to.push(d);
}

/** Runs every pass over the inputs. */
export function compile(inputs: readonly string[], options: CompileOptions = {}): Compilation {
  const loaded = loadInputs(inputs, options);
  const sources = new Map(loaded.sourceFiles.map((f) => [f.fileName, f.text]));
  const done = (ir: MeshIR | undefined, diagnostics: readonly Diagnostic[], suppressed = 0): Compilation => ({
    ir,
    diagnostics: sortDiagnostics(diagnostics),
    sources,
    inputs,
    suppressed,
  });
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if (hasErrors(diagnostics)) return done(undefined, diagnostics);

  append(diagnostics, validateDocumentSchemas(loaded.documents));
  append(diagnostics, validateKubernetesObjects(loaded.documents));
  if (hasErrors(diagnostics)) return done(undefined, diagnostics);

  const lowered = lowerDocuments(loaded.documents, options.istiod === undefined ? {} : { istiod: options.istiod });
  append(diagnostics, lowered.diagnostics);
  if (hasErrors(diagnostics)) return done(undefined, diagnostics);

  // Validation errors (a bad regex, an undeclared subset) leave the IR well-formed, so the analysis still runs and
  // users see every problem in one pass; its checks skip values validation already rejected.
  append(diagnostics, validateMesh(lowered.value));
  const admitted = !hasErrors(diagnostics);
  if (options.analyze !== false) append(diagnostics, analyzeMesh(lowered.value));
  // Last, so that every finding can be matched (what the cluster rejects is never suppressed: `admitted` stands).
  const kept = applySuppressions(diagnostics, options.suppressions ?? [], loaded.documents);
  return done(admitted ? lowered.value : undefined, kept.diagnostics, kept.count);
}
