/**
 * The contract between the two front ends and lowering: a Kubernetes-shaped object (apiVersion, kind, metadata,
 * spec/data, ...) plus the spans of its fields. The YAML loader produces one per YAML document; the mesh.ts
 * front end turns DSL values into the same documents, so both forms go through one lowering (`ir/lower.ts`).
 */
import type { Result } from "../diagnostics/diagnostic.ts";
import type { FieldSpans, Span } from "../diagnostics/span.ts";

export interface InputDocument {
  /** The object as plain JSON data (js-yaml safe schema, or what the DSL lowered to). */
  readonly object: Readonly<Record<string, unknown>>;
  /** The whole document (YAML) or the DSL call that declared it (mesh.ts). */
  readonly span: Span;
  /** Spans keyed by dotted paths from the object root (`spec.http.0.route.1.weight`). */
  readonly spans: FieldSpans;
  /**
   * On the `istio` ConfigMap only: the MeshConfig parsed from its `data.mesh` string by the loader
   * (load/yaml/mesh-config.ts `withParsedMeshConfig`), with its problems, which lowering reports.
   */
  readonly meshConfig?: Result<ParsedMeshConfig>;
}

/** MeshConfig as parsed YAML, with spans in the input file keyed by dotted paths from the MeshConfig root. */
export interface ParsedMeshConfig {
  readonly value: Record<string, unknown>;
  readonly spans: FieldSpans;
}
