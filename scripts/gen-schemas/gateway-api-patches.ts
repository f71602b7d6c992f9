/**
 * Adjustments to the Gateway API CRD schemas shipped by `@kubernetes-models/gateway-api@0.5.1` (generated from
 * gateway-api v1.0.0's `standard-install.yaml` and `experimental-install.yaml`), so that they describe the experimental
 * channel istiod is tested against today (its conversion goldens validate every input against it): fields and enum
 * values added by later gateway-api releases are added back, each with the release that introduced it. The objects
 * are closed as Istio's are (patches.ts): Kubernetes prunes unknown fields of structural schemas and `kubectl apply`
 * rejects them under strict field validation. A few newer objects are added open (`{ type: "object" }`): their own
 * fields are not checked (noted at each).
 *
 * The package drops the CRDs' `x-kubernetes-validations` (CEL) and list-map keys; the rules that matter are checked by
 * compiler/check/schema/gateway-api-rules.ts, each citing its CRD rule.
 */
import type { Patch } from "./patches.ts";

const str = { type: "string" };
const int32 = { type: "integer", format: "int32" };
/** gateway-api `Duration` (GEP-2257). */
const duration = { type: "string", pattern: "^([0-9]{1,5}(h|m|s|ms)){1,4}$" };
/** gateway-api `SectionName`. */
const sectionName = {
  type: "string",
  minLength: 1,
  maxLength: 253,
  pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
};
const objectRef = (required: readonly string[]) => ({
  type: "object",
  properties: { group: str, kind: str, name: str, namespace: str },
  required,
});
/** `SessionPersistence` (v1.1.0, experimental). */
const sessionPersistence = {
  type: "object",
  properties: {
    sessionName: { type: "string", maxLength: 128 },
    absoluteTimeout: duration,
    idleTimeout: duration,
    type: { type: "string", enum: ["Cookie", "Header"] },
    cookieConfig: { type: "object", properties: { lifetimeType: { type: "string", enum: ["Permanent", "Session"] } } },
  },
};
const HTTP_FILTER_TYPES = [
  "RequestHeaderModifier",
  "ResponseHeaderModifier",
  "RequestMirror",
  "RequestRedirect",
  "URLRewrite",
  "ExtensionRef",
  // v1.3.0 (GEP-1767) and v1.4.0 (GEP-1494), experimental.
  "CORS",
  "ExternalAuth",
];

export const GATEWAY_API_PATCHES: readonly Patch[] = [
  // HTTPRouteRule / GRPCRouteRule: `name` (v1.2.0, GEP-995) and `sessionPersistence` (v1.1.0, GEP-1619).
  { whereHas: ["backendRefs", "filters", "matches"], add: { name: sectionName, sessionPersistence } },
  // HTTPRouteRule.matches: 64 a rule after v1.0.0 (8 there; apis/v1/httproute_types.go today), with the CEL rule of
  // at most 128 across a route's rules
  // (compiler/check/schema/gateway-api/rule-list.ts); GRPCRouteRule.matches stays at 8. HTTPRouteRule alone has
  // `timeouts`.
  { whereHas: ["backendRefs", "filters", "matches", "timeouts"], set: { matches: { maxItems: 64 } } },
  // TCPRouteRule / TLSRouteRule: `name` (v1.2.0, GEP-995).
  { whereHas: ["backendRefs"], unless: ["filters", "matches", "name"], add: { name: sectionName } },
  // HTTPRouteRule.retry (v1.2.0, GEP-1731).
  {
    whereHas: ["backendRefs", "filters", "matches", "timeouts"],
    add: {
      retry: {
        type: "object",
        properties: {
          codes: { type: "array", items: { type: "integer", minimum: 400, maximum: 599 } },
          attempts: { type: "integer" },
          backoff: duration,
        },
      },
    },
  },
  // HTTPRequestMirrorFilter.percent / fraction (v1.2.0, GEP-3171).
  {
    whereHas: ["backendRef"],
    unless: ["type", "weight", "name"],
    add: {
      percent: { ...int32, minimum: 0, maximum: 100 },
      fraction: {
        type: "object",
        properties: { numerator: { ...int32, minimum: 0 }, denominator: { ...int32, minimum: 1 } },
        required: ["numerator"],
      },
    },
  },
  // HTTPRouteFilter: CORS (v1.3.0, GEP-1767) and ExternalAuth (v1.4.0, GEP-1494; its fields are not checked).
  {
    whereHas: ["requestRedirect", "urlRewrite", "requestHeaderModifier"],
    add: {
      type: { type: "string", enum: HTTP_FILTER_TYPES },
      cors: {
        type: "object",
        properties: {
          allowOrigins: { type: "array", maxItems: 64, items: str },
          allowCredentials: { type: "boolean" },
          allowMethods: { type: "array", maxItems: 9, items: str },
          allowHeaders: { type: "array", maxItems: 64, items: str },
          exposeHeaders: { type: "array", maxItems: 64, items: str },
          maxAge: { ...int32, minimum: 1 },
        },
      },
      externalAuth: { type: "object" },
    },
  },
  // GatewaySpec: `infrastructure.parametersRef` (v1.1.0, GEP-1867), `allowedListeners` (v1.3.0, GEP-1713) and `tls`
  // (v1.4.0: `backend.clientCertificateRef`, GEP-3155; `frontend`, GEP-91, whose fields are not checked). With
  // ListenerSets (GEP-1713) a Gateway may have no listeners of its own: the experimental channel drops `minItems: 1`
  // (istiod's conversion goldens validate a Gateway with `listeners: []`).
  {
    whereHas: ["annotations", "labels"],
    unless: ["name"],
    add: { parametersRef: objectRef(["group", "kind", "name"]) },
  },
  {
    whereHas: ["gatewayClassName", "listeners"],
    relax: { listeners: ["minItems"] },
    add: {
      allowedListeners: {
        type: "object",
        properties: {
          namespaces: {
            type: "object",
            properties: {
              from: { type: "string", enum: ["All", "Selector", "Same", "None"] },
              selector: { type: "object" },
            },
          },
        },
      },
      tls: {
        type: "object",
        properties: {
          backend: { type: "object", properties: { clientCertificateRef: objectRef(["name"]) } },
          frontend: { type: "object" },
        },
      },
    },
  },
];
