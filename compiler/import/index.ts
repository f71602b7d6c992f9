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
import { record } from "../load/json.ts";
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
  GATEWAY_API_GROUP,
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
import { printCall } from "./print.ts";
import { References } from "./refs.ts";
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
}

/** An imported mesh: the mesh.ts text, and (when verified) the documents it lowers to through the mesh.ts loader. */
export interface Imported {
  readonly text: string;
  readonly documents?: readonly InputDocument[];
}

/** The order of declarations in the file: mesh settings, the registry, then policy, each sorted by namespace/name. */
const PHASES = [
  "ConfigMap",
  "Namespace",
  "Service",
  "VersionService",
  "Deployment",
  "Pod",
  "ServiceAccount",
  "Gateway",
  "GatewayClass",
  "KubeGateway",
  "ServiceEntry",
  "DestinationRule",
  "VirtualService",
  "HTTPRoute",
  "GRPCRoute",
  "TCPRoute",
  "TLSRoute",
  "ReferenceGrant",
  "Sidecar",
  "PeerAuthentication",
  "RequestAuthentication",
  "AuthorizationPolicy",
];

/** The Gateway API group: its Gateway is not Istio's. */
const isKubeGateway = (doc: InputDocument) =>
  doc.object["kind"] === "Gateway" && String(doc.object["apiVersion"]).startsWith(`${GATEWAY_API_GROUP}/`);

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

/**
 * The group of a declaration in the file: its kind, a Gateway API Gateway apart from Istio's, and a Service per
 * version after the services whose versions it selects.
 */
function groupOf(decl: Decl): string {
  const doc = decl.sources[0]!;
  if (decl.callee === "service" && record(decl.args[1])["selector"] !== undefined) return "VersionService";
  return isKubeGateway(doc) ? "KubeGateway" : String(doc.object["kind"]);
}

function sortKey(decl: Decl): string {
  const doc = decl.sources[0]!;
  const phase = PHASES.indexOf(groupOf(decl));
  const m = metaOf(doc);
  return `${String(phase < 0 ? 99 : phase).padStart(2, "0")}\u0000${m.namespace}\u0000${m.name}`;
}

/** `import { a, b } from "meshc";`, one name per line when that is longer than prettier's width. */
function importLine(names: readonly string[]): string {
  const flat = `import { ${names.join(", ")} } from "meshc";`;
  return flat.length <= 120 ? flat : `import {\n${names.map((n) => `  ${n},\n`).join("")}} from "meshc";`;
}

/**
 * The program text, and the line range of each declaration (for mapping type errors back). A declaration gets a
 * `const` only when another one refers to it; kinds are separated by a blank line.
 */
function print(importer: Importer, inputs: readonly string[]): { text: string; lines: Map<Decl, [number, number]> } {
  const decls = [...importer.decls].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const referenced = new Set<string>();
  const tracking = (value: object) => {
    const e = importer.names.expressionOf(value);
    if (e !== undefined) referenced.add(/^[\w$]+/.exec(e)?.[0] ?? e);
    return e;
  };
  for (const d of decls) printCall("", d.callee, d.args, tracking);
  const used = new Set<string>();
  const chunks = decls.map((d) => {
    used.add(d.callee);
    const binding =
      d.callee === "serviceRef"
        ? `export const ${d.binding!} = `
        : d.binding !== undefined && referenced.has(d.binding)
          ? `const ${d.binding} = `
          : "";
    const text = printCall(binding, d.callee, d.args, importer.names.expressionOf);
    for (const m of text.matchAll(/\b(canary|destination)\(/g)) used.add(m[1]!);
    return [d, text] as const;
  });
  const header = [
    `// Imported by 'meshc import' from ${inputs.join(", ")}.`,
    ...(used.has("raw")
      ? ["// raw() keeps verbatim what the typed DSL cannot express (yet); 'meshc import' reported each one."]
      : []),
    importLine([...used].sort()),
  ].join("\n");
  const lines = new Map<Decl, [number, number]>();
  let text = `${header}\n`;
  let line = header.split("\n").length + 1;
  let kind = "";
  for (const [d, chunk] of chunks) {
    const k = groupOf(d);
    if (k !== kind) {
      text += "\n";
      line++;
      kind = k;
    }
    const n = chunk.split("\n").length;
    lines.set(d, [line, line + n - 1]);
    text += `${chunk}\n`;
    line += n;
  }
  return { text, lines };
}

/** Compare what the printed program lowers to with the input; a description of the first difference, or undefined. */
function difference(docs: readonly InputDocument[], lowered: readonly InputDocument[]): string | undefined {
  const reg = (ds: readonly InputDocument[]) => registryEntries(ds);
  const [a, b] = [reg(docs), reg(lowered)];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
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
    const problem =
      loaded.diagnostics.find((d) => d.severity === "error")?.message ?? difference(docs, loaded.value.documents);
    const diagnostics = [...importer.diagnostics];
    if (problem !== undefined)
      diagnostics.push(createDiagnostic(Messages.Imported_mesh_differs_from_input_0, undefined, [problem]));
    return { value: { text: printed.text, documents: loaded.value.documents }, diagnostics };
  }
}
