/**
 * The fields of an AuthorizationPolicy `Source` and `Operation`, and what kind of attribute each reads — one list that
 * validation, analysis and the evaluator share (https://istio.io/latest/docs/reference/config/security/authorization-policy/).
 */
import type { AuthorizationOperation, AuthorizationSource } from "./istio-api.ts";

/** Peer-identity fields: read from the mTLS peer certificate, so they never match a plaintext request. */
export const IDENTITY_SOURCE_FIELDS = ["principals", "namespaces", "serviceAccounts", "trustDomains"] as const;
/** Their negations: true for a plaintext request (no identity is "not" anything). */
export const NEGATED_IDENTITY_SOURCE_FIELDS = [
  "notPrincipals",
  "notNamespaces",
  "notServiceAccounts",
  "notTrustDomains",
] as const;
/** Source fields that need HTTP (a JWT). */
export const HTTP_SOURCE_FIELDS = ["requestPrincipals", "notRequestPrincipals"] as const;
/** Source fields a TCP (network RBAC) filter can evaluate. */
export const TCP_SOURCE_FIELDS = [
  ...IDENTITY_SOURCE_FIELDS,
  ...NEGATED_IDENTITY_SOURCE_FIELDS,
  "ipBlocks",
  "notIpBlocks",
  "remoteIpBlocks",
  "notRemoteIpBlocks",
] as const;
/** Every `Source` field. */
export const SOURCE_FIELDS = [
  ...TCP_SOURCE_FIELDS,
  ...HTTP_SOURCE_FIELDS,
] as const satisfies readonly (keyof AuthorizationSource)[];

/** Operation fields that need HTTP. */
export const HTTP_OPERATION_FIELDS = ["hosts", "notHosts", "methods", "notMethods", "paths", "notPaths"] as const;
/** Every `Operation` field. */
export const OPERATION_FIELDS = [
  ...HTTP_OPERATION_FIELDS,
  "ports",
  "notPorts",
] as const satisfies readonly (keyof AuthorizationOperation)[];
