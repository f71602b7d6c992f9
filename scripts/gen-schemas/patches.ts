/**
 * Adjustments to the Istio 1.18 CRD schemas shipped by `@kubernetes-models/istio@2.3.0`, so that they describe what
 * today's Istio (and meshc's `ir/istio-api.ts`) accepts:
 *
 * 1. Fields added to the APIs after 1.18 are added back (each with the istio/api change that introduced it), so
 *    they are not reported as unknown.
 * 2. Objects become closed (`additionalProperties: false`). Kubernetes prunes unknown fields of structural schemas
 *    and `kubectl apply` rejects them under strict field validation (the default since Kubernetes 1.27), so a typo
 *    such as `rout:` is an error, not a silent no-op.
 * 3. `apiVersion`/`kind` are not pinned to v1beta1 (the same schema serves v1 and v1alpha3, whose CRD versions
 *    share one schema in `crd-all.gen.yaml`), `status` is left open, and `metadata` refers to ObjectMeta directly.
 */
import type { JsonSchema } from "./load-package.ts";

const str = { type: "string" };
const bool = { type: "boolean" };
const int = { type: "integer" };
const strings = { type: "array", items: str };
const targetRef = {
  type: "object",
  properties: { group: str, kind: str, name: str, namespace: str },
  required: ["kind", "name"],
};
const destination = {
  type: "object",
  properties: { host: str, subset: str, port: { type: "object", properties: { number: int } } },
  required: ["host"],
};

export interface Patch {
  /** Applies where an object schema already has all of these properties. */
  readonly whereHas: readonly string[];
  /** ...and none of these (tells HTTPRewrite apart from HTTPRedirect). */
  readonly unless?: readonly string[];
  readonly add?: Readonly<Record<string, unknown>>;
  /** Fields later CRD versions mark `required` (the 1.18 generator emitted none outside oneofs). */
  readonly required?: readonly string[];
  /** Keywords to delete from a property's schema (`{ listeners: ["minItems"] }`): constraints a later API relaxed. */
  readonly relax?: Readonly<Record<string, readonly string[]>>;
  /** Keywords to set on a property's schema (`{ matches: { maxItems: 64 } }`): constraints a later API changed. */
  readonly set?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const ISTIO_PATCHES: readonly Patch[] = [
  // AuthorizationPolicy / RequestAuthentication targetRef(s): istio/api 1.22 (type/v1beta1/selector.proto).
  {
    whereHas: ["action", "provider", "rules", "selector"],
    add: { targetRef, targetRefs: { type: "array", items: targetRef } },
  },
  { whereHas: ["jwtRules", "selector"], add: { targetRef, targetRefs: { type: "array", items: targetRef } } },
  // AuthorizationPolicy Source.serviceAccounts: istio/api 1.23; trustDomains: current istio/api (Istio's own authz builder
  // test data, pilot/pkg/security/authz/builder/testdata/http/trust-domains-in.yaml).
  {
    whereHas: ["principals", "notPrincipals", "namespaces"],
    add: { serviceAccounts: strings, notServiceAccounts: strings, trustDomains: strings, notTrustDomains: strings },
  },
  // JWTRule.fromCookies (1.22) and timeout (1.21).
  { whereHas: ["issuer", "jwksUri"], add: { fromCookies: strings, timeout: str } },
  // HTTPRoute.mirrors: istio/api 1.19.
  {
    whereHas: ["route", "redirect", "mirror"],
    add: {
      mirrors: {
        type: "array",
        items: {
          type: "object",
          properties: { destination, percentage: { type: "object", properties: { value: { type: "number" } } } },
          required: ["destination"],
        },
      },
    },
  },
  // CorsPolicy.unmatchedPreflights (1.21); HTTPRewrite.uriRegexRewrite (1.19); HTTPRetry.retryIgnorePreviousHosts/backoff (1.23/1.24).
  {
    whereHas: ["allowOrigins", "maxAge"],
    add: { unmatchedPreflights: { type: "string", enum: ["UNSPECIFIED", "FORWARD", "IGNORE"] } },
  },
  {
    whereHas: ["authority", "uri"],
    unless: ["redirectCode"],
    add: { uriRegexRewrite: { type: "object", properties: { match: str, rewrite: str } } },
  },
  { whereHas: ["attempts", "perTryTimeout"], add: { retryIgnorePreviousHosts: bool, backoff: str } },
  // TrafficPolicy.proxyProtocol (1.20); TCPSettings.idleTimeout (1.21); HTTPSettings.maxConcurrentStreams (1.22).
  {
    whereHas: ["connectionPool", "loadBalancer", "tunnel"],
    add: { proxyProtocol: { type: "object", properties: { version: { type: "string", enum: ["V1", "V2"] } } } },
  },
  { whereHas: ["maxConnections", "connectTimeout"], add: { idleTimeout: str } },
  { whereHas: ["http1MaxPendingRequests", "http2MaxRequests"], add: { maxConcurrentStreams: int } },
  // ClientTLSSettings.caCrl / ServerTLSSettings.caCrl: istio/api 1.20.
  { whereHas: ["insecureSkipVerify", "clientCertificate"], add: { caCrl: str } },
  { whereHas: ["serverCertificate", "verifyCertificateSpki"], add: { caCrl: str } },
  // ServerTLSSettings.mode OPTIONAL_MUTUAL: istio/api after 1.18 (networking/v1alpha3/gateway.proto TLSmode = 6),
  // which listener.go `BuildListenerTLSContext` handles (a validated, not required, client certificate).
  {
    whereHas: ["serverCertificate", "verifyCertificateSpki"],
    set: {
      mode: {
        enum: ["PASSTHROUGH", "SIMPLE", "MUTUAL", "AUTO_PASSTHROUGH", "ISTIO_MUTUAL", "OPTIONAL_MUTUAL"],
      },
    },
  },
  // `required` as in Istio 1.22+ CRDs (istio/api `// +required` / `REQUIRED` field comments).
  { whereHas: ["host", "subset", "port"], required: ["host"] },
  { whereHas: ["destination", "weight"], required: ["destination"] },
  { whereHas: ["host", "subsets", "trafficPolicy"], required: ["host"] },
  { whereHas: ["name", "labels", "trafficPolicy"], required: ["name"] },
  { whereHas: ["port", "hosts", "bind", "tls"], unless: ["captureMode"], required: ["port", "hosts"] },
  // Port.number is a uint32: newer CRDs bound it, so a negative number fails at the API server.
  {
    whereHas: ["number", "protocol", "name"],
    required: ["number"],
    add: { number: { type: "integer", minimum: 0, maximum: 4294967295 } },
  },
  // ServiceEntry.resolution DYNAMIC_DNS: istio/api 1.31 (networking/v1alpha3/service_entry.proto); meshc reports it as
  // not modelled (MESH2191, check/validate/dynamic-dns.ts) instead of as a value Istio rejects.
  {
    whereHas: ["hosts", "resolution", "endpoints"],
    required: ["hosts"],
    add: {
      resolution: {
        type: "string",
        nullable: true,
        enum: ["NONE", "STATIC", "DNS", "DNS_ROUND_ROBIN", "DYNAMIC_DNS"],
      },
    },
  },
  { whereHas: ["key", "values", "notValues"], required: ["key"] },
  { whereHas: ["sniHosts", "destinationSubnets"], required: ["sniHosts"] },
  { whereHas: ["hosts", "captureMode"], required: ["hosts"] },
  { whereHas: ["header", "claim"], required: ["header", "claim"] },
];

function isObject(v: unknown): v is JsonSchema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Closes every object schema with declared properties, and applies `patches`; recursive, in place. With
 * `openBranches` (the Gateway API's schemas), the branches of `oneOf`/`anyOf`/`allOf`/`not` stay open: they constrain
 * fields the object declares (a GatewayAddress branch listing only `type` would otherwise forbid its `value`).
 * Istio's schemas keep closed branches, as they were generated before (their branches name `required` fields).
 */
function closeAndPatch(schema: JsonSchema, patches: readonly Patch[], openBranches = false, inBranch = false): void {
  const props = schema["properties"];
  if (isObject(props)) {
    for (const patch of patches) {
      const applies = patch.whereHas.every((p) => p in props) && !(patch.unless ?? []).some((p) => p in props);
      if (applies && patch.add) Object.assign(props, patch.add);
      for (const [prop, keywords] of Object.entries(applies ? (patch.relax ?? {}) : {}))
        for (const k of keywords) delete (props[prop] as JsonSchema | undefined)?.[k];
      for (const [prop, keywords] of Object.entries(applies ? (patch.set ?? {}) : {}))
        if (isObject(props[prop])) Object.assign(props[prop], keywords);
      if (applies && patch.required)
        schema["required"] = [...new Set([...((schema["required"] as string[] | undefined) ?? []), ...patch.required])];
    }
    if (!inBranch && schema["additionalProperties"] === undefined && !schema["x-kubernetes-preserve-unknown-fields"]) {
      schema["additionalProperties"] = false;
    }
  }
  for (const [key, value] of Object.entries(schema)) {
    const branch = BRANCHES.has(key);
    const open = openBranches && (inBranch || branch);
    if (Array.isArray(value)) value.filter(isObject).forEach((v) => closeAndPatch(v, patches, openBranches, open));
    else if (isObject(value)) closeAndPatch(value, patches, openBranches, open);
  }
}

const BRANCHES = new Set(["oneOf", "anyOf", "allOf", "not"]);

/**
 * A kind's schema made strict and current (see the module comment), with `patches` (Istio's by default; the Gateway
 * API's are in gateway-api-patches.ts). Mutates and returns `schema`.
 */
export function patchKindSchema(
  schema: JsonSchema,
  objectMetaId: string,
  patches: readonly Patch[] = ISTIO_PATCHES,
): JsonSchema {
  const props = schema["properties"] as JsonSchema;
  props["apiVersion"] = str;
  props["kind"] = str;
  props["metadata"] = { $ref: `${objectMetaId}#` };
  props["status"] = {};
  closeAndPatch(schema, patches, patches !== ISTIO_PATCHES);
  // closeAndPatch closed `status` ({}) only if it had properties; it has none, so it stays open.
  return schema;
}

/** ObjectMeta and the apimachinery schemas it refers to: closed too (a typo such as `namepsace:` is an error). */
export function patchMetaSchema(schema: JsonSchema): JsonSchema {
  closeAndPatch(schema, []);
  return schema;
}
