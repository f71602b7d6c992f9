/**
 * Parsed YAML documents → the resources meshc reads (`InputDocument`s). Checks the shape every Kubernetes object
 * has (`apiVersion`, `kind`, `metadata.name`), expands `kind: List` (what `kubectl get -o yaml` prints), and
 * keeps only recognised kinds (`kinds.ts`). Everything about the `spec` is left to lowering and validation.
 */
import {
  createDiagnostic,
  type Diagnostic,
  type DiagnosticMessage,
  type Result,
} from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import { spanAt, type FieldPath, type Span } from "../../diagnostics/span.ts";
import type { InputDocument } from "../document.ts";
import { classifyKind } from "../kinds.ts";
import type { ParsedYamlDocument } from "./parse.ts";

/** Only this ConfigMap matters: Istio reads MeshConfig from `data.mesh` of the `istio` ConfigMap. */
export const MESH_CONFIG_MAP_NAME = "istio";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "a mapping", "a number", ... for messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "a sequence";
  if (typeof value === "object") return "a mapping";
  if (value === "") return "an empty string";
  return `a ${typeof value}`;
}

/** API groups whose kinds configure the mesh: Istio's (`*.istio.io`) and the Kubernetes Gateway API. */
function meshGroup(apiVersion: string): boolean {
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
  return group.endsWith("istio.io") || group === "gateway.networking.k8s.io" || group === "networking.x-k8s.io";
}

class ResourceReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly documents: InputDocument[] = [];

  private report(message: DiagnosticMessage, span: Span, args: readonly (string | number)[]): void {
    this.diagnostics.push(createDiagnostic(message, span, args));
  }

  /** A required non-empty string field; reports and returns undefined when it is missing or not a string. */
  private requireString(doc: ParsedYamlDocument, path: FieldPath, owner: unknown): string | undefined {
    const name = path.join(".");
    const field = String(path[path.length - 1]);
    const value = isRecord(owner) ? owner[field] : undefined;
    if (value === undefined || value === null) {
      const ownerSpan = spanAt(doc.spans, path.slice(0, -1), doc.span);
      this.report(Messages.Resource_is_missing_required_field_0, ownerSpan, [name]);
      return undefined;
    }
    if (typeof value !== "string" || value === "") {
      const span = spanAt(doc.spans, path, doc.span);
      this.report(Messages.Field_0_must_be_1_but_found_2, span, [name, "a non-empty string", describeValue(value)]);
      return undefined;
    }
    return value;
  }

  read(doc: ParsedYamlDocument): void {
    const object = doc.value;
    if (!isRecord(object)) {
      this.report(Messages.Document_is_not_a_resource_Colon_found_0, doc.span, [describeValue(object)]);
      return;
    }
    const apiVersion = this.requireString(doc, ["apiVersion"], object);
    const kind = this.requireString(doc, ["kind"], object);
    if (kind !== undefined && kind.endsWith("List") && Array.isArray(object.items)) {
      this.readList(doc, object.items);
      return;
    }
    const metadata = object.metadata;
    if (metadata !== undefined && metadata !== null && !isRecord(metadata)) {
      const span = spanAt(doc.spans, ["metadata"], doc.span);
      this.report(Messages.Field_0_must_be_1_but_found_2, span, ["metadata", "a mapping", describeValue(metadata)]);
      return;
    }
    const name = this.requireString(doc, ["metadata", "name"], metadata);
    const namespace = isRecord(metadata) ? metadata.namespace : undefined;
    if (namespace !== undefined && (typeof namespace !== "string" || namespace === "")) {
      const span = spanAt(doc.spans, ["metadata", "namespace"], doc.span);
      const args = ["metadata.namespace", "a non-empty string", describeValue(namespace)];
      this.report(Messages.Field_0_must_be_1_but_found_2, span, args);
      return;
    }
    if (apiVersion === undefined || kind === undefined || name === undefined) return;
    const status = classifyKind(apiVersion, kind);
    switch (status.status) {
      case "unknown":
        // Kinds of other projects (apps/StatefulSet, v1/Secret, cert-manager, ...) say nothing about the mesh: noted
        // quietly (the loader folds them into one line); Istio's and the Gateway API's own kinds are warned about.
        if (!meshGroup(apiVersion)) {
          this.report(Messages.Skipped_0_resources_of_other_kinds_Colon_1, doc.span, [
            "1 resource",
            `${kind} (${apiVersion})`,
          ]);
          return;
        }
        this.report(Messages.Kind_0_of_apiVersion_1_is_not_supported, spanAt(doc.spans, ["kind"], doc.span), [
          kind,
          apiVersion,
        ]);
        return;
      case "unserved": {
        const span = spanAt(doc.spans, ["apiVersion"], doc.span);
        const served = status.served.map((v) => `'${v}'`).join(" or ");
        this.report(Messages.Kind_0_is_not_served_by_apiVersion_1, span, [kind, apiVersion, served]);
        return;
      }
      case "recognised":
        // Other ConfigMaps are application data: skipped without a word, like every manifest meshc does not need.
        if (kind === "ConfigMap" && name !== MESH_CONFIG_MAP_NAME) return;
        this.documents.push({ object, span: doc.span, spans: doc.spans });
        return;
      default:
        void (status satisfies never);
    }
  }

  /** Each item of a `List` is a resource of its own, with its spans re-rooted at the item. */
  private readList(doc: ParsedYamlDocument, items: readonly unknown[]): void {
    items.forEach((item, index) => {
      const prefix = `items.${index}.`;
      const spans = new Map<string, Span>();
      for (const [key, span] of doc.spans) if (key.startsWith(prefix)) spans.set(key.slice(prefix.length), span);
      const span = spanAt(doc.spans, ["items", index], doc.span);
      this.read({ value: item, span, spans });
    });
  }
}

/**
 * The resources in parsed documents, in order, with a diagnostic for each document that is not a well-formed
 * Kubernetes object (error), has a kind meshc does not read (warning, skipped) or an apiVersion its API group
 * does not serve (error). Only the ConfigMap named `istio` is kept; other ConfigMaps are skipped silently.
 */
export function readResources(parsed: readonly ParsedYamlDocument[]): Result<InputDocument[]> {
  const reader = new ResourceReader();
  for (const doc of parsed) reader.read(doc);
  return { value: reader.documents, diagnostics: reader.diagnostics };
}
