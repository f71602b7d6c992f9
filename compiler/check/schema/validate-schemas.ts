/**
 * Structural validation of Istio and Gateway API documents against their CRD OpenAPI schemas, as the Kubernetes API
 * server does before any admission webhook runs, with validators precompiled from the schemas (Ajv standalone code); each
 * schema error becomes a coded diagnostic at the span of the offending field.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { InputDocument } from "../../load/document.ts";
import { spanAt, type FieldPath } from "../../diagnostics/span.ts";
import { createRequire } from "node:module";
import { gatewayApiRuleDiagnostics } from "./gateway-api/index.ts";
import { validatorFiles } from "./gen/validator-files.ts";
import { applyDefaults, type DefaultsTree } from "./defaults.ts";

type JsonSchema = { [key: string]: unknown };

const GROUPS = ["networking.istio.io/", "security.istio.io/"];
/** The Kubernetes Gateway API's group (compiler/load/kinds.ts `GATEWAY_API_GROUP`). */
const GATEWAY_API = "gateway.networking.k8s.io/";

/**
 * Each kind's validator, compiled ahead of time from the schemas in `gen/` by `npm run gen:validators` (Ajv standalone
 * code; compiling the schemas at start-up took most of a second), one CommonJS module per schema in `gen/validators/`,
 * required the first time a document of its kind is validated: together they are ~2 MB of JavaScript, and a mesh
 * without Gateway API resources (or without a ServiceEntry, ...) never loads those (`npm run bench -- --startup`).
 * `require` keeps this stage synchronous, and works alike from the sources and from dist/ (scripts/build.js copies
 * the folder).
 */
const requireValidator = createRequire(import.meta.url);
/** A schema's validator, with the defaults the API server applies before it runs (defaults.ts). */
type SchemaValidator = ValidateFunction & { readonly defaults?: DefaultsTree };
const loaded = new Map<string, SchemaValidator>();

function loadValidator(file: string): SchemaValidator {
  let validate = loaded.get(file);
  if (validate === undefined) {
    validate = requireValidator(`./gen/validators/${file}`) as SchemaValidator;
    loaded.set(file, validate);
  }
  return validate;
}

function pathOf(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (Number.isInteger(value)) return "an integer";
  const t = typeof value;
  return t === "object" ? "an object" : `a ${t}`;
}

function expectedType(type: unknown): string {
  const names = String(type)
    .split(",")
    .filter((t) => t !== "null");
  return names.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(" or ");
}

/** The fields a proto oneof lets you set: Istio's CRDs encode it as `oneOf: [{not: anyOf...}, {required: [f]}, ...]`. */
function oneOfFields(error: ErrorObject): string {
  const branches = Array.isArray(error.schema) ? (error.schema as JsonSchema[]) : [];
  const fields = branches.flatMap((b) => (Array.isArray(b["required"]) ? (b["required"] as string[]) : []));
  return fields.map((f) => `'${f}'`).join(", ");
}

function toDiagnostic(doc: InputDocument, error: ErrorObject): Diagnostic | undefined {
  const path: FieldPath = pathOf(error.instancePath);
  const field = path.join(".") || "(root)";
  const at = (p: FieldPath) => spanAt(doc.spans, p, doc.span);
  switch (error.keyword) {
    case "additionalProperties": {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((error.parentSchema?.["properties"] ?? {}) as object).sort();
      return createDiagnostic(Messages.Unknown_field_0, at([...path, name]), [
        [...path, name].join("."),
        known.join(", "),
      ]);
    }
    case "type":
      return createDiagnostic(Messages.Field_0_must_be_1_but_is_2, at(path), [
        field,
        expectedType(error.params["type"]),
        typeName(error.data),
      ]);
    case "enum": {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      return createDiagnostic(Messages.Value_0_is_not_allowed_for_field_1, at(path), [
        String(error.data),
        field,
        allowed.join(", "),
      ]);
    }
    case "required":
      return createDiagnostic(Messages.Missing_required_field_0_in_1, at(path), [
        String(error.params["missingProperty"]),
        field,
      ]);
    case "oneOf": {
      // A proto oneof names its fields; another `oneOf` (the Gateway API's) is a constraint like any other.
      const fields = oneOfFields(error);
      return fields === ""
        ? createDiagnostic(Messages.Field_0_is_invalid_Colon_1, at(path), [field, error.message ?? error.keyword])
        : createDiagnostic(Messages.Fields_0_are_mutually_exclusive, at(path), [fields, field]);
    }
    default:
      return createDiagnostic(Messages.Field_0_is_invalid_Colon_1, at(path), [field, error.message ?? error.keyword]);
  }
}

/**
 * Ajv reports, besides a failed `oneOf`, the failures inside each of its branches; and a `null` where the schema says
 * `nullable` passes. Keep the errors a user can act on: not those from inside a oneOf/anyOf/not branch.
 */
function isBranchInternal(error: ErrorObject): boolean {
  return (
    /\/(oneOf|anyOf)\/\d+\/|\/not\//.test(error.schemaPath) ||
    (error.keyword === "not" && /\/oneOf\//.test(error.schemaPath))
  );
}

/**
 * The validator of a document's kind, if meshc checks its schema: Istio's kinds by kind (one schema serves every
 * version), Gateway API kinds by served `apiVersion/kind` (gen/validator-files.ts, written by scripts/gen-validators).
 * Loads the validator's module on first use.
 */
export function validatorFor(apiVersion: unknown, kind: unknown): SchemaValidator | undefined {
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  const name = apiVersion.startsWith(GATEWAY_API)
    ? `${apiVersion}/${kind}`
    : GROUPS.some((g) => apiVersion.startsWith(g))
      ? kind
      : undefined;
  const file = name !== undefined && Object.hasOwn(validatorFiles, name) ? validatorFiles[name] : undefined;
  return file === undefined ? undefined : loadValidator(file);
}

/**
 * Validates each Istio-kind document (VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar,
 * PeerAuthentication, AuthorizationPolicy, RequestAuthentication) against Istio's CRD schema, and each Gateway API
 * document (Gateway, GatewayClass, HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, ReferenceGrant, at every version meshc
 * reads) against its CRD schema; other documents are left to their own stages. Reports unknown fields, wrong types, values outside an enum, missing required fields and
 * conflicting oneof fields, each at the field's span.
 *
 * @example validateDocumentSchemas([vsWithWeightAsString]) →
 *   [{ code: 2011, message: "Field 'spec.http.0.route.0.weight' must be an integer, but is a string.", ... }]
 */
export function validateDocumentSchemas(docs: readonly InputDocument[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const doc of docs) {
    const validate = validatorFor(doc.object["apiVersion"], doc.object["kind"]);
    if (validate === undefined) continue;
    // The API server validates (schema, then CEL rules) the object as defaulted (defaults.ts).
    const object = applyDefaults(doc.object, validate.defaults) as InputDocument["object"];
    if (validate(object)) {
      // The CRDs' CEL rules run on structurally valid objects only (istio's have none beyond the webhook's).
      if (String(doc.object["apiVersion"]).startsWith(GATEWAY_API))
        out.push(...gatewayApiRuleDiagnostics(object === doc.object ? doc : { ...doc, object }));
      continue;
    }
    for (const error of validate.errors ?? []) {
      if (isBranchInternal(error)) continue;
      const d = toDiagnostic(doc, error);
      if (d) out.push(d);
    }
  }
  return out;
}
