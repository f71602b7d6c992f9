/**
 * `meshc import`: Istio/Kubernetes documents → the source of an idiomatic mesh.ts, plus diagnostics. Pure: documents
 * in, text out (the CLI reads and writes files).
 *
 * Every resource becomes the most idiomatic typed call that reproduces it (checked by lowering the call exactly as
 * mesh.ts would be lowered and comparing, `verify.ts`), else it is kept verbatim in `raw()` with a warning naming the
 * field the typed DSL has no place for (an error under `strict`). The whole program is then type-checked and run
 * through the mesh.ts front end (`loadMeshTs` on an in-memory file) and compared with the input once more; a
 * declaration whose typed form does not type-check is demoted to `raw()` too. So an import never loses configuration.
 */
import { raw, type MeshConfig } from "../../stdlib/index.ts";
import { createDiagnostic, type Diagnostic, type Result } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import { lineAndColumn, spanAt, type FieldPath } from "../diagnostics/span.ts";
import type { InputDocument } from "../load/document.ts";
import { createMemoryHost, loadMeshTs } from "../load/mesh-ts/index.ts";
import { canonicalIstio, firstDifference, keyOf, REGISTRY_KINDS, registryEntries } from "./canonical.ts";
import { Names, type Decl } from "./model.ts";
import {
  authorizationPolicyDecls,
  gatewayDecl,
  meshConfigDecl,
  peerAuthenticationDecls,
  requestAuthenticationDecls,
  serviceEntryDecl,
  sidecarDecls,
  virtualServiceDecls,
} from "./plan-istio.ts";
import {
  gatewayClassDecl,
  kubeGatewayDecl,
  kubeRouteDecl,
  referenceGrantDecl,
  Unexpressible,
} from "./plan-gateway-api.ts";
import {
  metaOf,
  namespaceDecl,
  selectsOwnPods,
  serviceDecl,
  versionServiceDecl,
  workloadDecl,
} from "./plan-registry.ts";
import { composeFile, isKubeGateway, referencesOf, sorted } from "./compose.ts";
import { References } from "./refs.ts";
import { splitByNamespace } from "./split.ts";
import { fit, indexInputs, type InputIndex } from "./verify.ts";

export interface ImportOptions {
  /** The inputs as the user named them, for the header comment. */
  readonly inputs: readonly string[];
  /** Report resources kept in `raw()` as errors. @default false */
  readonly strict?: boolean;
  /** Type-check and run the result to verify it (a TypeScript program: about a second). @default true */
  readonly verify?: boolean;
  /**
   * Write only typed handles of the YAML's services (`export const reviews = serviceRef(...)`), for a mesh.ts that
   * keeps the registry in YAML and imports these. Services no typed handle describes are left out. @default false
   */
  readonly registryOnly?: boolean;
  /**
   * `"namespace"`: one file per namespace (`<namespace>.ts`) beside an index named `index` that imports them all
   * (`Imported.files`); verified like the single file. @default undefined (one file)
   */
  readonly splitBy?: "namespace";
  /** The index file's name when splitting (the files are written beside it). @default "mesh.ts" */
  readonly index?: string;
}

/** An imported mesh: the mesh.ts text, and (when verified) the documents it lowers to through the mesh.ts loader. */
export interface Imported {
  readonly text: string;
  readonly documents?: readonly InputDocument[];
  /** With `splitBy`: every file by name (the index's text is `text`). */
  readonly files?: ReadonlyMap<string, string>;
}

/** A candidate the planner may refuse, naming the field it has no place for. */
function attempt(make: () => Decl): { candidates: Decl[]; at?: FieldPath } {
  try {
    return { candidates: [make()] };
  } catch (e) {
    if (e instanceof Unexpressible) return { candidates: [], at: e.at };
    throw e;
  }
}

const describe = (doc: InputDocument) => {
  const m = metaOf(doc);
  return [String(doc.object["kind"]), doc.object["kind"] === "Namespace" ? m.name : `${m.namespace}/${m.name}`];
};

class Importer {
  readonly names = new Names();
  readonly refs = new References(this.names);
  readonly decls: Decl[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly covered = new Set<InputDocument>();
  private readonly input: InputIndex;
  private mesh: MeshConfig | undefined;

  constructor(
    readonly docs: readonly InputDocument[],
    private readonly strict: boolean,
  ) {
    this.input = indexInputs(docs);
  }

  private keep(doc: InputDocument, at: FieldPath): void {
    if (this.covered.has(doc)) return;
    this.covered.add(doc);
    const value = raw(doc.object as never);
    this.decls.push({ callee: "raw", args: [doc.object], value, sources: [doc] });
    const diagnostic =
      at.length === 0
        ? createDiagnostic(Messages.Kept_0_1_verbatim_no_typed_call, doc.span, describe(doc))
        : createDiagnostic(Messages.Kept_0_1_verbatim_field_2, spanAt(doc.spans, at, doc.span), [
            ...describe(doc),
            at.join("."),
          ]);
    this.diagnostics.push(this.strict ? { ...diagnostic, severity: "error" } : diagnostic);
  }

  /** The first candidate that fits is declared; else the resource is kept verbatim, naming where the first differed. */
  place(doc: InputDocument, candidates: readonly (Decl | undefined)[], fallback: FieldPath): Decl | undefined {
    if (this.covered.has(doc)) return undefined;
    let at: FieldPath | undefined;
    for (const c of candidates) {
      if (c === undefined) continue;
      const result = fit(c, this.input, this.mesh && c.value !== this.mesh ? [this.mesh] : []);
      if (result.ok && result.covers.includes(doc) && result.covers.every((d) => !this.covered.has(d))) {
        result.covers.forEach((d) => this.covered.add(d));
        // The resource placed comes first: the file orders declarations by it.
        const decl = { ...c, sources: [doc, ...result.covers.filter((d) => d !== doc)] };
        this.decls.push(decl);
        return decl;
      }
      if (!result.ok && at === undefined && (result.doc === doc || result.doc === undefined)) at = result.at;
    }
    this.keep(doc, at ?? fallback);
    return undefined;
  }

  /** `--registry-only`: the services that a typed handle describes exactly; nothing is kept in raw(). */
  runRegistryOnly(): void {
    const registry = { deployments: this.of("Deployment"), destinationRules: this.of("DestinationRule") };
    for (const doc of this.of("Service")) {
      const m = metaOf(doc);
      const candidate = serviceDecl(doc, registry, this.names, m.namespace === "default" ? undefined : m.namespace);
      if (candidate !== undefined && fit(candidate, this.input, []).ok)
        this.decls.push({ ...candidate, callee: "serviceRef" });
    }
  }

  private of(kind: string): InputDocument[] {
    return this.docs.filter((d) => d.object["kind"] === kind);
  }

  run(): void {
    const of = (kind: string) => this.of(kind);
    const ns = (name: string) => (name === "default" ? undefined : this.refs.namespace(name));
    for (const doc of of("ConfigMap")) {
      const decl = this.place(doc, [meshConfigDecl(doc)], unsupported(doc, ["data", "mesh"]));
      if (decl !== undefined) {
        this.mesh = decl.value as MeshConfig;
        this.refs.trustDomain = this.mesh.props.trustDomain ?? "cluster.local";
      }
    }
    for (const doc of of("Namespace")) {
      const decl = this.place(doc, [namespaceDecl(doc, this.names)], unsupported(doc, []));
      if (decl !== undefined) this.refs.namespaces.set(metaOf(doc).name, decl.value as never);
    }
    const registry = { deployments: of("Deployment"), destinationRules: of("DestinationRule") };
    // Services of their own pods first, then Services selecting another service's version (`selector:`).
    const own = of("Service").filter(selectsOwnPods);
    for (const doc of own) {
      const decl = this.place(
        doc,
        [serviceDecl(doc, registry, this.names, ns(metaOf(doc).namespace))],
        ["spec", "selector"],
      );
      if (decl !== undefined) this.refs.services.set(keyOf(doc.object), decl.value as never);
    }
    for (const doc of of("Service").filter((d) => !selectsOwnPods(d))) {
      const services = [...this.refs.services.values()];
      const candidate = versionServiceDecl(doc, services, this.names, ns(metaOf(doc).namespace));
      const decl = this.place(doc, [candidate], ["spec", "selector"]);
      if (decl !== undefined) this.refs.services.set(keyOf(doc.object), decl.value as never);
    }
    for (const doc of of("Deployment")) {
      if (this.covered.has(doc)) continue;
      const decl = this.place(doc, [workloadDecl(doc, this.names, ns(metaOf(doc).namespace))], ["spec", "template"]);
      if (decl !== undefined) this.refs.workloads.set(keyOf(doc.object), decl.value as never);
    }
    for (const doc of of("Gateway").filter((d) => !isKubeGateway(d))) {
      const decl = this.place(doc, [gatewayDecl(doc, this.refs, this.names)], unsupported(doc, ["spec"]));
      if (decl !== undefined)
        this.refs.gateways.set(`${metaOf(doc).namespace}/${metaOf(doc).name}`, decl.value as never);
    }
    for (const doc of of("GatewayClass")) {
      const { candidates, at } = attempt(() => gatewayClassDecl(doc, this.names));
      this.place(doc, candidates, at ?? ["spec"]);
    }
    for (const doc of of("Gateway").filter(isKubeGateway)) {
      const { candidates, at } = attempt(() => kubeGatewayDecl(doc, this.refs, this.names));
      const decl = this.place(doc, candidates, at ?? ["spec"]);
      if (decl !== undefined)
        this.refs.kubeGateways.set(`${metaOf(doc).namespace}/${metaOf(doc).name}`, decl.value as never);
    }
    for (const kind of ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"])
      for (const doc of of(kind)) {
        const { candidates, at } = attempt(() => kubeRouteDecl(doc, this.refs, this.names));
        this.place(doc, candidates, at ?? ["spec"]);
      }
    for (const doc of of("ReferenceGrant")) {
      const { candidates, at } = attempt(() => referenceGrantDecl(doc, this.refs));
      this.place(doc, candidates, at ?? ["spec"]);
    }
    for (const doc of of("ServiceEntry"))
      this.place(doc, [serviceEntryDecl(doc, this.refs, this.names)], unsupported(doc, ["spec"]));
    for (const doc of of("VirtualService"))
      this.place(doc, virtualServiceDecls(doc, this.refs, this.names), unsupported(doc, ["spec"]));
    for (const doc of of("Sidecar")) this.place(doc, sidecarDecls(doc, this.refs), unsupported(doc, ["spec"]));
    for (const doc of of("PeerAuthentication"))
      this.place(doc, peerAuthenticationDecls(doc, this.refs), unsupported(doc, ["spec"]));
    for (const doc of of("RequestAuthentication"))
      this.place(doc, requestAuthenticationDecls(doc, this.refs), unsupported(doc, ["spec"]));
    for (const doc of of("AuthorizationPolicy"))
      this.place(doc, authorizationPolicyDecls(doc, this.refs), unsupported(doc, ["spec"]));
    // What no typed call covered: DestinationRules of no declared service, Pods, lone ServiceAccounts, ...
    for (const doc of this.docs) if (!this.covered.has(doc)) this.keep(doc, []);
  }

  /** Replace the declarations standing for `docs` by `raw()`, reporting `message`. */
  demote(decl: Decl, reason: string): void {
    const i = this.decls.indexOf(decl);
    if (i < 0) return;
    this.decls.splice(i, 1);
    for (const doc of decl.sources) {
      this.covered.delete(doc);
      this.decls.push({ callee: "raw", args: [doc.object], value: raw(doc.object as never), sources: [doc] });
      this.covered.add(doc);
      const d = createDiagnostic(Messages.Kept_0_1_verbatim_type_error_2, doc.span, [...describe(doc), reason]);
      this.diagnostics.push(this.strict ? { ...d, severity: "error" } : d);
    }
  }
}

/** The first metadata field the typed calls do not write, else `fallback`. */
function unsupported(doc: InputDocument, fallback: FieldPath): FieldPath {
  const meta = Object.keys(doc.object["metadata"] ?? {}).find((k) => k !== "name" && k !== "namespace");
  return meta === undefined ? fallback : ["metadata", meta];
}

/** The single-file program text, and the line range of each declaration. */
function print(importer: Importer, inputs: readonly string[]): { text: string; lines: Map<Decl, [number, number]> } {
  const decls = sorted(importer.decls);
  const bound = new Set(decls.flatMap((d) => [...referencesOf(d, importer.names.expressionOf)]));
  return composeFile({
    decls,
    comment: [`Imported by 'meshc import' from ${inputs.join(", ")}.`],
    expressionOf: importer.names.expressionOf,
    bound,
    exported: new Set(),
    imports: [],
  });
}

/** Compare what the printed program lowers to with the input; a description of the first difference, or undefined. */
function difference(docs: readonly InputDocument[], lowered: readonly InputDocument[]): string | undefined {
  const reg = (ds: readonly InputDocument[]) => registryEntries(ds);
  const [a, b] = [reg(docs), reg(lowered)];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    if (!a.has(k) && k.startsWith("ServiceAccount/")) continue; // isInertExtra
    const at = firstDifference(a.get(k), b.get(k));
    if (at !== undefined) return `${k} differs at '${at.join(".")}'`;
  }
  const istio = (ds: readonly InputDocument[]) =>
    new Map(
      ds
        .filter((d) => !REGISTRY_KINDS.has(String(d.object["kind"])))
        .map((d) => [keyOf(d.object), canonicalIstio(d.object)]),
    );
  const [x, y] = [istio(docs), istio(lowered)];
  for (const k of new Set([...x.keys(), ...y.keys()])) {
    const at = firstDifference(x.get(k), y.get(k));
    if (at !== undefined) return `${k} differs at '${at.join(".") || "(missing)"}'`;
  }
  return undefined;
}

const VIRTUAL = "/meshc-import/mesh.ts";

/**
 * Import documents as mesh.ts source.
 * @example importMesh(loadYamlInputs(["examples/bookinfo-yaml"]).value.documents, { inputs: ["examples/bookinfo-yaml"] })
 *   // → { value: { text: "// Imported by 'meshc import' ...\nimport { ... } from \"meshc\";\n..." }, diagnostics: [] }
 */
export function importMesh(docs: readonly InputDocument[], options: ImportOptions): Result<Imported> {
  if (docs.length === 0)
    return { value: { text: "" }, diagnostics: [createDiagnostic(Messages.Nothing_to_import, undefined)] };
  const importer = new Importer(docs, options.strict ?? false);
  if (options.registryOnly === true) {
    importer.runRegistryOnly();
    // Handles declare nothing, so there is no mesh to run: the mesh.ts that imports them is checked when it builds.
    return { value: { text: print(importer, options.inputs).text }, diagnostics: [] };
  }
  importer.run();
  for (let round = 0; ; round++) {
    const printed = print(importer, options.inputs);
    if (options.verify === false) return { value: { text: printed.text }, diagnostics: importer.diagnostics };
    const loaded = loadMeshTs(VIRTUAL, { host: createMemoryHost({ [VIRTUAL]: printed.text }, "/meshc-import") });
    const tsErrors = loaded.diagnostics.filter((d) => d.origin === "ts" && d.severity === "error");
    if (tsErrors.length > 0 && round < 3) {
      for (const e of tsErrors) {
        const { line } = lineAndColumn(printed.text, e.span?.start ?? 0);
        const decl = [...printed.lines].find(
          ([d, [from, to]]) => d.callee !== "raw" && line >= from && line <= to,
        )?.[0];
        if (decl !== undefined) importer.demote(decl, e.message.split("\n")[0]!.replace(/\.$/, ""));
      }
      continue;
    }
    if (options.splitBy === "namespace") return split(importer, docs, options);
    const problem =
      loaded.diagnostics.find((d) => d.severity === "error")?.message ?? difference(docs, loaded.value.documents);
    const diagnostics = [...importer.diagnostics];
    if (problem !== undefined)
      diagnostics.push(createDiagnostic(Messages.Imported_mesh_differs_from_input_0, undefined, [problem]));
    return { value: { text: printed.text, documents: loaded.value.documents }, diagnostics };
  }
}

/** The verified import as one file per namespace, run once more as those files (through the index). */
function split(importer: Importer, docs: readonly InputDocument[], options: ImportOptions): Result<Imported> {
  const index = options.index ?? "mesh.ts";
  const comment = `Imported by 'meshc import' from ${options.inputs.join(", ")}.`;
  const { files } = splitByNamespace(sorted(importer.decls), importer.names, comment, index);
  const root = "/meshc-import";
  const host = createMemoryHost(Object.fromEntries([...files].map(([f, text]) => [`${root}/${f}`, text])), root);
  const loaded = loadMeshTs(`${root}/${index}`, { host });
  const problem =
    loaded.diagnostics.find((d) => d.severity === "error")?.message ?? difference(docs, loaded.value.documents);
  const diagnostics = [...importer.diagnostics];
  if (problem !== undefined)
    diagnostics.push(createDiagnostic(Messages.Imported_mesh_differs_from_input_0, undefined, [problem]));
  return { value: { text: files.get(index)!, documents: loaded.value.documents, files }, diagnostics };
}
