/**
 * The escape hatch: a Kubernetes or Istio resource written out verbatim, for configuration the typed DSL does not
 * (yet) express. `meshc import` puts here whatever it cannot place as a typed call, and reports each such resource,
 * so importing never loses configuration. The object is lowered exactly as given and then checked like YAML input.
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";

/** A resource: `apiVersion`, `kind`, `metadata.name` (and namespace), and whatever else its kind has. */
export interface RawResource {
  /** `apiVersion`: the resource's API group and version (`networking.istio.io/v1`). */
  readonly apiVersion: string;
  /** `kind`: the resource's kind (`VirtualService`). */
  readonly kind: string;
  /** `metadata`: its name, namespace and any other metadata. */
  readonly metadata: {
    /** `metadata.name`. */
    readonly name: string;
    /** `metadata.namespace`. @default "default" */
    readonly namespace?: string;
    readonly [key: string]: unknown;
  };
  /** `spec`, `data`, ...: JSON data. */
  readonly [key: string]: unknown;
}

/** A declared verbatim resource. */
export interface Raw extends DslValue<"raw"> {
  readonly resource: RawResource;
}

/**
 * Declare a resource verbatim (→ exactly this object). Prefer the typed calls: `raw` gets no typed references,
 * no defaults and no autocomplete beyond the resource's outline.
 * @example
 * raw({ apiVersion: "networking.istio.io/v1", kind: "VirtualService", metadata: { name: "legacy", namespace: "shop" },
 *       spec: { hosts: ["legacy"], http: [{ route: [{ destination: { host: "legacy" } }] }] } })
 */
export function raw(resource: RawResource): Raw {
  return declare({ [BRAND]: "raw", site: captureSite(), resource });
}

/** True for a value made by {@link raw}. */
export const isRaw = isKind("raw") as (value: unknown) => value is Raw;
