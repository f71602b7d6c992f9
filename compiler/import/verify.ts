/**
 * Does a candidate declaration reproduce its input resources? It is lowered exactly as mesh.ts would be
 * (`lowerDsl`) and compared with the input ({@link canonicalIstio}, {@link registryEntries}). Returns the first
 * differing field of the input, `[]` when the candidate makes a resource the input does not have, or undefined when
 * it fits.
 */
import { lowerDsl } from "../load/mesh-ts/lower-dsl/index.ts";
import type { FieldPath } from "../diagnostics/span.ts";
import type { InputDocument } from "../load/document.ts";
import { canonicalIstio, firstDifference, keyOf, REGISTRY_KINDS, registryEntries } from "./canonical.ts";
import type { Decl } from "./model.ts";

export interface InputIndex {
  readonly byKey: ReadonlyMap<string, InputDocument>;
  readonly registry: ReadonlyMap<string, unknown>;
  /** The input's Namespaces (sidecar injection of lowered workloads depends on their labels). */
  readonly namespaces: readonly InputDocument[];
  /**
   * The input's Deployments and Pods: a Service lowered alone selects them as well (a Service per version selects
   * pods another declaration makes).
   */
  readonly workloads: readonly InputDocument[];
}

export function indexInputs(docs: readonly InputDocument[]): InputIndex {
  return {
    byKey: new Map(docs.map((d) => [keyOf(d.object), d])),
    registry: registryEntries(docs),
    namespaces: docs.filter((d) => d.object["kind"] === "Namespace"),
    workloads: docs.filter((d) => d.object["kind"] === "Deployment" || d.object["kind"] === "Pod"),
  };
}

/** The result of checking one candidate: the input documents it stands for, or where it differs. */
export type Fit =
  | { readonly ok: true; readonly covers: readonly InputDocument[] }
  | { readonly ok: false; readonly at: FieldPath; readonly doc: InputDocument | undefined };

/** `context`: values lowering needs alongside (the mesh settings), whose own documents are not compared. */
export function fit(decl: Decl, input: InputIndex, context: readonly unknown[]): Fit {
  try {
    return compare(decl, input, context);
  } catch {
    // Lowering assumes well-typed DSL values; input the types reject (a route without a destination) fits no call.
    return { ok: false, at: [], doc: decl.sources[0] };
  }
}

function compare(decl: Decl, input: InputIndex, context: readonly unknown[]): Fit {
  const own = new Set(context.length === 0 ? [] : lowerDsl(context).documents.map((d) => keyOf(d.object)));
  const docs = lowerDsl([...context, decl.value]).documents.filter((d) => !own.has(keyOf(d.object)));
  const registryDocs = docs.filter((d) => REGISTRY_KINDS.has(String(d.object["kind"])));
  const asInput = registryDocs.map((d) => ({
    object: d.object,
    span: { file: "", start: 0, length: 0 },
    spans: new Map(),
  }));
  const loweredKeys = new Set(asInput.map((d) => keyOf(d.object)));
  const context_ = [...input.namespaces, ...input.workloads].filter((n) => !loweredKeys.has(keyOf(n.object)));
  const entries = registryEntries([...context_, ...asInput]);
  const covers: InputDocument[] = [];
  for (const d of docs) {
    const key = keyOf(d.object);
    const original = input.byKey.get(key);
    if (original === undefined && isInertExtra(d.object)) continue;
    if (original === undefined) return { ok: false, at: [], doc: decl.sources[0] };
    const difference = REGISTRY_KINDS.has(String(d.object["kind"]))
      ? firstDifference(entries.get(key), input.registry.get(key))
      : firstDifference(canonicalIstio(d.object), canonicalIstio(original.object));
    if (difference !== undefined)
      return {
        ok: false,
        at: REGISTRY_KINDS.has(String(d.object["kind"])) ? registryPath(difference) : difference,
        doc: original,
      };
    covers.push(original);
  }
  return { ok: true, covers };
}

/**
 * A resource a typed call makes that the input may lack without changing the mesh: a ServiceAccount (`service()` and
 * `workload()` declare the one their pods run as). Nothing meshc (or istiod) computes reads the ServiceAccount object:
 * identities come from the pod's `serviceAccountName` (istio pilot/pkg/serviceregistry/kube/conversion.go
 * `kubeToIstioServiceAccount(pod.Spec.ServiceAccountName, namespace)` builds the SPIFFE name from the pod alone).
 */
export function isInertExtra(object: Readonly<Record<string, unknown>>): boolean {
  return object["kind"] === "ServiceAccount";
}

/** A registry difference (`labels`, `serviceAccount`, `ports`) named as the field of the manifest that holds it. */
function registryPath(path: FieldPath): FieldPath {
  const head = path[0];
  if (head === "ports") return ["spec", "ports", ...path.slice(1)];
  if (head === "selector" || head === "workloads") return ["spec", "selector"];
  if (head === "labels") return ["spec", "template", "metadata", "labels"];
  if (head === "serviceAccount") return ["spec", "template", "spec", "serviceAccountName"];
  if (head === "sidecar") return ["spec", "template", "metadata", "annotations"];
  return path;
}
