/**
 * What DSL lowering produces before positions are known: a Kubernetes-shaped object plus where each part came
 * from, as (call site, path into that call's arguments). The loader turns origins into spans by walking the mesh.ts
 * AST (`../spans.ts`); lowering itself stays a pure function of the DSL values.
 */
import type { Site } from "../../../../stdlib/index.ts";
import type { DiagnosticMessage } from "../../../diagnostics/diagnostic.ts";
import type { FieldPath } from "../../../diagnostics/span.ts";

/** A place in mesh.ts: a DSL call, and optionally a path into its arguments (`[1, "http", 0]`). */
export interface Origin {
  readonly site: Site | undefined;
  readonly argPath: readonly (string | number)[];
}

/** A field of the document, and the DSL argument it was written as (walked recursively for sub-fields). */
export interface FieldOrigin extends Origin {
  readonly path: FieldPath;
}

/** One lowered document. */
export interface LoweredDoc {
  readonly object: Readonly<Record<string, unknown>>;
  readonly origin: Origin;
  readonly fields: readonly FieldOrigin[];
}

/** A diagnostic found while lowering, positioned once the loader resolves its origin. */
export interface PendingDiagnostic {
  readonly message: DiagnosticMessage;
  readonly args: readonly string[];
  readonly origin: Origin;
  readonly related?: readonly { readonly message: string; readonly origin: Origin }[];
}

/** Mesh-wide facts lowering needs: where mesh-wide policies go and how principals are spelled. */
export interface LowerContext {
  readonly trustDomain: string;
  readonly rootNamespace: string;
}

/** Drop `undefined` values (recursively) so lowered objects hold only what was said. */
export function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clean) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
  return out as T;
}

/** `metadata` with optional labels/annotations. */
export function meta(
  name: string,
  namespace: string | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return clean({ name, namespace, ...extra });
}
