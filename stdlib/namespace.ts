/** Kubernetes namespaces. */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Labels } from "./common.ts";

/** Options of {@link namespace}. */
export interface NamespaceProps {
  /**
   * Namespace labels, e.g. `{ "istio-injection": "enabled" }`.
   * @default {}
   */
  readonly labels?: Labels;
}

/** A declared namespace. Anywhere a namespace is expected, its name as a string works too. */
export interface Namespace<N extends string = string> extends DslValue<"namespace"> {
  readonly name: N;
  readonly props: NamespaceProps;
}

/** A namespace given as a declared {@link Namespace} or by name. */
export type NamespaceRef = Namespace | string;

/**
 * Declare a namespace (→ a Kubernetes `Namespace`).
 * @example `namespace("bookinfo", { labels: { "istio-injection": "enabled" } })`
 * → `{ apiVersion: v1, kind: Namespace, metadata: { name: bookinfo, labels: { istio-injection: enabled } } }`
 */
export function namespace<const N extends string>(name: N, props: NamespaceProps = {}): Namespace<N> {
  return declare({ [BRAND]: "namespace", site: captureSite(), name, props });
}

/** True for a value made by {@link namespace}. */
export const isNamespace = isKind("namespace") as (value: unknown) => value is Namespace;

/** The name of a namespace reference. */
export function namespaceName(ref: NamespaceRef): string {
  return typeof ref === "string" ? ref : ref.name;
}
