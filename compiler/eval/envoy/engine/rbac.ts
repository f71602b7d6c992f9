/**
 * Envoy's RBAC engine over one request (envoy `source/extensions/filters/common/rbac/engine_impl.cc`
 * `RoleBasedAccessControlEngineImpl::handleAction`, `matchers.cc`; `envoy/config/rbac/v3/rbac.proto`):
 * policies are tried in lexicographic order of their names and the first that matches is the effective policy; a
 * policy matches when any permission AND any principal match. ALLOW allows iff a policy matches, DENY iff none does,
 * LOG always allows.
 */
import type { CidrRange } from "../../../emit/envoy/gen/envoy/config/core/v3/address.ts";
import {
  RBAC_Action,
  type Permission,
  type Policy,
  type Principal,
  type RBAC,
} from "../../../emit/envoy/gen/envoy/config/rbac/v3/rbac.ts";
import { UriTemplateMatchConfig } from "../../../emit/envoy/gen/envoy/extensions/path/match/uri_template/v3/uri_template_match.ts";
import type { PathMatcher } from "../../../emit/envoy/gen/envoy/type/matcher/v3/path.ts";
import { Any } from "../../../emit/envoy/gen/google/protobuf/any.ts";
import { matchHeader } from "../route/header-matcher.ts";
import type { HeaderMap } from "../route/header-map.ts";
import { matchMetadata } from "../route/metadata-matcher.ts";
import type { JsonObject } from "../route/types.ts";
import { regexFullMatch } from "../route/regex.ts";
import { removeQueryAndFragment } from "../route/route-match.ts";
import { matchStringMatcher } from "../route/string-matcher.ts";
import { inCidr } from "../../../ir/ip-address.ts";

/** What the RBAC filter sees of a connection and its request. */
export interface RbacRequest {
  /** Request headers, pseudo-headers included (`:path` with the query). */
  readonly headers: HeaderMap;
  /** The peer certificate's URI SAN (`spiffe://...`); undefined without TLS. */
  readonly peerUri: string | undefined;
  /** Whether the connection is TLS (mTLS) at all. */
  readonly tls: boolean;
  /** The connection's peer (`source_ip`, `direct_remote_ip`), when known. */
  readonly directRemoteIp: string | undefined;
  /**
   * The request's downstream address (`remote_ip`): what the HTTP connection manager computed (_shared/xff.ts); the
   * peer on a TCP chain.
   */
  readonly remoteIp: string | undefined;
  /** The local (server) address and port. */
  readonly localIp: string | undefined;
  readonly localPort: number;
  /** SNI the client sent ("" without TLS). */
  readonly sni: string;
  /** Dynamic metadata earlier filters set (jwt_authn: `envoy.filters.http.jwt_authn` → `payload`). */
  readonly metadata?: Readonly<Record<string, JsonObject>>;
}

/** `Network::Address::CidrRange::isInRange` (envoy `source/common/network/cidr_range.cc`). */
export function cidrContains(range: CidrRange, ip: string | undefined): boolean {
  return inCidr(range.addressPrefix, range.prefixLen?.value ?? 0, ip);
}

/** `PathMatcher` on the path without query and fragment (envoy `source/common/common/matchers.cc` `PathMatcher::match`). */
function matchPath(m: PathMatcher, headers: HeaderMap): boolean {
  const path = removeQueryAndFragment(headers.getFirst(":path") ?? "");
  return m.rule.oneofKind === "path" && matchStringMatcher(m.rule.path, path);
}

/**
 * `envoy.path.match.uri_template` (envoy `source/extensions/path/uri_template_lib/uri_template.cc`): `*` one segment,
 * `**` any number of segments, literal text otherwise; the path without query must match in full.
 */
function matchUriTemplate(template: string, headers: HeaderMap): boolean {
  const path = removeQueryAndFragment(headers.getFirst(":path") ?? "");
  const re = template
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]+" : part.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&")))
    .join("");
  return regexFullMatch(re, path);
}

export function matchPermission(p: Permission, req: RbacRequest): boolean {
  const r = p.rule;
  switch (r.oneofKind) {
    case "andRules":
      return r.andRules.rules.every((x) => matchPermission(x, req));
    case "orRules":
      return r.orRules.rules.some((x) => matchPermission(x, req));
    case "notRule":
      return !matchPermission(r.notRule, req);
    case "any":
      return r.any;
    case "header":
      return matchHeader(r.header, req.headers);
    case "urlPath":
      return matchPath(r.urlPath, req.headers);
    case "destinationIp":
      return cidrContains(r.destinationIp, req.localIp);
    case "destinationPort":
      return r.destinationPort === req.localPort;
    case "destinationPortRange":
      return req.localPort >= r.destinationPortRange.start && req.localPort < r.destinationPortRange.end;
    case "metadata":
      return matchMetadata(r.metadata, req.metadata ?? {});
    case "requestedServerName":
      return matchStringMatcher(r.requestedServerName, req.sni);
    case "uriTemplate": {
      const t = r.uriTemplate.typedConfig;
      return t !== undefined && matchUriTemplate(Any.unpack(t, UriTemplateMatchConfig).pathTemplate, req.headers);
    }
    case "matcher":
    case undefined:
      return false;
    default:
      return r satisfies never;
  }
}

/**
 * `AuthenticatedMatcher` (matchers.cc): no TLS → false; no `principal_name` → true; else the URI SANs, then DNS
 * SANs, then the subject. Istio peers present one URI SAN, their SPIFFE id.
 */
function matchAuthenticated(
  p: Extract<Principal["identifier"], { oneofKind: "authenticated" }>["authenticated"],
  req: RbacRequest,
): boolean {
  if (!req.tls) return false;
  if (p.principalName === undefined) return true;
  return req.peerUri !== undefined && matchStringMatcher(p.principalName, req.peerUri);
}

export function matchPrincipal(p: Principal, req: RbacRequest): boolean {
  const id = p.identifier;
  switch (id.oneofKind) {
    case "andIds":
      return id.andIds.ids.every((x) => matchPrincipal(x, req));
    case "orIds":
      return id.orIds.ids.some((x) => matchPrincipal(x, req));
    case "notId":
      return !matchPrincipal(id.notId, req);
    case "any":
      return id.any;
    case "authenticated":
      return matchAuthenticated(id.authenticated, req);
    // IPMatcher::matches: `source_ip` is the connection's remote address (ConnectionRemote), `direct_remote_ip`
    // the stream's direct remote (DownstreamDirectRemote): both the peer without PROXY protocol; `remote_ip` the
    // stream's remote address (DownstreamRemote), which the HCM set.
    case "sourceIp":
      return cidrContains(id.sourceIp, req.directRemoteIp);
    case "directRemoteIp":
      return cidrContains(id.directRemoteIp, req.directRemoteIp);
    case "remoteIp":
      return cidrContains(id.remoteIp, req.remoteIp);
    case "header":
      return matchHeader(id.header, req.headers);
    case "urlPath":
      return matchPath(id.urlPath, req.headers);
    case "metadata":
      return matchMetadata(id.metadata, req.metadata ?? {});
    case "filterState":
    case undefined:
      return false;
    default:
      return id satisfies never;
  }
}

/** A policy matches when any permission and any principal match (the CEL `condition` is never emitted by meshc). */
export function matchPolicy(policy: Policy, req: RbacRequest): boolean {
  return (
    policy.permissions.some((p) => matchPermission(p, req)) && policy.principals.some((p) => matchPrincipal(p, req))
  );
}

export interface RbacResult {
  readonly allowed: boolean;
  /** The first matching policy in name order, if any. */
  readonly effectivePolicy: string | undefined;
}

/** `handleAction`: the engine's decision and effective policy id. */
export function evaluateRbac(rules: RBAC, req: RbacRequest): RbacResult {
  const names = Object.keys(rules.policies).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const effectivePolicy = names.find((n) => matchPolicy(rules.policies[n]!, req));
  const matched = effectivePolicy !== undefined;
  const allowed = rules.action === RBAC_Action.ALLOW ? matched : rules.action === RBAC_Action.DENY ? !matched : true;
  return { allowed, effectivePolicy };
}
