/**
 * The `suppress` option every declaration takes (`stdlib/common.ts` `Suppressible`) → the annotation
 * `galley.istio.io/analyze-suppress` on each resource the declaration lowers to, as istioctl analyze reads it
 * (comma-separated codes, istio `pkg/config/analysis/local/istiod_analyze.go` `filterMessages`). One mechanism
 * for both input forms: the checks see only the annotation.
 */
import { dslKindOf, type DslKind, type DslValue } from "../../../../stdlib/index.ts";
import type { LoweredDoc } from "./_types.ts";

const ANNOTATION = "galley.istio.io/analyze-suppress";

/** Which argument of each declaring call holds the props (`service(name, props)`, `sidecar(props)`). */
const PROPS_ARGUMENT: Partial<Readonly<Record<DslKind, number>>> = {
  service: 1,
  workload: 1,
  externalService: 1,
  gateway: 1,
  virtualService: 1,
  peerAuthentication: 0,
  requestAuthentication: 1,
  authorizationPolicy: 1,
  sidecar: 0,
};

/**
 * `docs` with the declaration's `suppress` codes as the annotation, positioned at the `suppress` option.
 *
 * @example service("reviews", { ..., suppress: ["MESH2209"] }) → Service, Deployments and DestinationRule reviews,
 *   each with `metadata.annotations["galley.istio.io/analyze-suppress"]: "MESH2209"`
 */
export function withSuppressAnnotation(value: unknown, docs: readonly LoweredDoc[]): LoweredDoc[] {
  const kind = dslKindOf(value);
  const argument = kind === undefined ? undefined : PROPS_ARGUMENT[kind];
  const codes = (value as { props?: { suppress?: unknown } }).props?.suppress;
  if (argument === undefined || !Array.isArray(codes) || codes.length === 0) return [...docs];
  const site = (value as DslValue).site;
  return docs.map((doc) => {
    const metadata = (doc.object["metadata"] ?? {}) as Readonly<Record<string, unknown>>;
    const annotations = { ...(metadata["annotations"] as object | undefined), [ANNOTATION]: codes.join(",") };
    return {
      object: { ...doc.object, metadata: { ...metadata, annotations } },
      origin: doc.origin,
      fields: [...doc.fields, { path: ["metadata", "annotations", ANNOTATION], site, argPath: [argument, "suppress"] }],
    };
  });
}
