/**
 * The round trip `meshc import` promises: YAML → mesh.ts → build gives the input's Istio resources (structurally,
 * after defaults: `compiler/import/canonical.ts`) and byte-identical Envoy output. The imported mesh.ts goes through
 * the real mesh.ts front end (type-checked and run by `importMesh`'s verification), then the same lowering and
 * emitters as the YAML.
 */
import { isDeepStrictEqual } from "node:util";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { emitIstio } from "../../compiler/emit/istio/index.ts";
import { renderOutputs } from "../../compiler/emit/outputs.ts";
import { canonicalIstio, firstDifference } from "../../compiler/import/canonical.ts";
import { importMesh } from "../../compiler/import/index.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import type { InputDocument } from "../../compiler/load/document.ts";

export interface RoundTrip {
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
  /** What differs, empty when the round trip holds. */
  readonly problems: string[];
}

function envoyFiles(ir: MeshIR): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, content] of renderOutputs(ir, [], ["envoy"]).value)
    out.set(path, typeof content === "string" ? content : Buffer.from(content).toString("base64"));
  return out;
}

/**
 * Import `docs`, and compare what the imported mesh.ts lowers to with `yamlIr` (the YAML's own compilation, when it
 * compiles; else the documents alone were compared by `importMesh`).
 */
export function roundTrip(
  docs: readonly InputDocument[],
  inputs: readonly string[],
  yamlIr: MeshIR | undefined,
): RoundTrip {
  const imported = importMesh(docs, { inputs });
  const problems = imported.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`);
  const documents = imported.value.documents;
  if (documents === undefined) problems.push("the import was not verified");
  if (problems.length > 0 || yamlIr === undefined || documents === undefined)
    return { text: imported.value.text, diagnostics: imported.diagnostics, problems };
  const lowered = lowerDocuments(documents).value;
  const [a, b] = [
    emitIstio(yamlIr).map((o) => canonicalIstio({ ...o })),
    emitIstio(lowered).map((o) => canonicalIstio({ ...o })),
  ];
  if (!isDeepStrictEqual(a, b)) problems.push(`istio.yaml differs at ${firstDifference(a, b)?.join(".")}`);
  const [x, y] = [envoyFiles(yamlIr), envoyFiles(lowered)];
  for (const path of new Set([...x.keys(), ...y.keys()]))
    if (x.get(path) !== y.get(path)) problems.push(`${path} differs`);
  return { text: imported.value.text, diagnostics: imported.diagnostics, problems };
}
