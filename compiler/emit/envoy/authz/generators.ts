// Per-attribute generators: one AuthorizationPolicy value → one Envoy Permission or Principal
// (istio pilot/pkg/security/authz/model/generator.go). A generator that does not apply to the filter chain (HTTP-only
// attributes on TCP, an unparsable IP or port) returns a GenError; model.ts decides by action what that means.
import { isIP } from "node:net";
import { CidrRange } from "../gen/envoy/config/core/v3/address.ts";
import type { Permission, Principal } from "../gen/envoy/config/rbac/v3/rbac.ts";
import { HeaderMatcher } from "../gen/envoy/config/route/v3/route_components.ts";
import { RegexMatcher } from "../gen/envoy/type/matcher/v3/regex.ts";
import type { ValueMatcher } from "../gen/envoy/type/matcher/v3/value.ts";
import * as m from "./matchers.ts";
import * as p from "./rbac-proto.ts";

/** Why a value produced no matcher (Go generators return an `error`). */
export class GenError {
  constructor(readonly message: string) {}
}
export type Gen<T> = T | GenError;

/** A generator called once per value (values OR-ed, notValues OR-ed under a `not`). */
export interface Generator {
  readonly permission?: (key: string, value: string, forTCP: boolean) => Gen<Permission>;
  readonly principal?: (key: string, value: string, forTCP: boolean) => Gen<Principal>;
}
/** An "extended" generator, called once with all values, whose notValues are negated without an `or` wrapper. */
export interface ExtendedGenerator {
  readonly extendedPermission?: (key: string, values: readonly string[], forTCP: boolean) => Gen<Permission>;
  readonly extendedPrincipal?: (key: string, values: readonly string[], forTCP: boolean) => Gen<Principal>;
}

const httpOnly = (key: string): GenError => new GenError(`"${key}" is HTTP only`);

/** `util.AddrStrToCidrRange`: `a.b.c.d` → /32, IPv6 → /128, `addr/len` kept (address not masked). */
export function cidr(value: string): Gen<CidrRange> {
  const [addr = "", len, ...rest] = value.split("/");
  const family = isIP(addr);
  const bits = family === 4 ? 32 : 128;
  const prefixLen = len === undefined ? bits : /^\d+$/.test(len) ? Number(len) : NaN;
  if (family === 0 || rest.length > 0 || !(prefixLen >= 0 && prefixLen <= bits))
    return new GenError(`invalid IP or CIDR ${value}`);
  // netip.Addr.String(): canonical (compressed, lower-case) IPv6 text.
  const addressPrefix = family === 6 ? new URL(`http://[${addr}]`).hostname.slice(1, -1) : addr;
  return CidrRange.create({ addressPrefix, prefixLen: { value: prefixLen } });
}

/** `convertToPort`: a decimal in [0, 65535]. */
function port(value: string): Gen<number> {
  return /^\d+$/.test(value) && Number(value) <= 65535 ? Number(value) : new GenError(`invalid port ${value}`);
}

const mapGen = <A, B>(v: Gen<A>, f: (a: A) => B): Gen<B> => (v instanceof GenError ? v : f(v));

/** Text inside `[...]` (`extractNameInBrackets`). */
function nameInBrackets(s: string): Gen<string> {
  return s.startsWith("[") && s.endsWith("]")
    ? s.slice(1, -1)
    : new GenError(`expecting format [<NAME>], but found ${s}`);
}

/** `extractNameInNestedBrackets`: `[a][b]` → [a, b]; anything else falls back to one bracketed name. */
function namesInNestedBrackets(s: string): Gen<string[]> {
  const out: string[] = [];
  for (let begin = 0; begin < s.length; ) {
    const end = s[begin] === "[" ? s.slice(begin + 1).search(/[[\]]/) + begin + 1 : -1;
    if (end <= begin || s[end] !== "]") return mapGen(nameInBrackets(s), (n) => [n]);
    out.push(s.slice(begin + 1, end));
    begin = end + 1;
  }
  return out;
}

export const destIp: Generator = { permission: (_k, v) => mapGen(cidr(v), p.permissionDestinationIp) };
export const destPort: Generator = { permission: (_k, v) => mapGen(port(v), p.permissionDestinationPort) };
export const connSni: Generator = { permission: (_k, v) => p.permissionRequestedServerName(m.stringMatcher(v)) };
export const srcIp: Generator = { principal: (_k, v) => mapGen(cidr(v), p.principalDirectRemoteIp) };
export const remoteIp: Generator = { principal: (_k, v) => mapGen(cidr(v), p.principalRemoteIp) };

/** `srcNamespaceGenerator`: `.*\/ns/<ns>/.*` over the peer's SPIFFE id, `*` in the value → `.*`. */
export const srcNamespace: Generator = {
  principal: (_k, v) => p.principalAuthenticated(m.regexMatcher(`.*/ns/${m.quoteMeta(v).replaceAll("\\*", ".*")}/.*`)),
};

/** `srcServiceAccountGenerator` / `serviceAccountRegex`: `ns/sa`, or `sa` in the policy's namespace. */
export function srcServiceAccount(policyNamespace: string): Generator {
  return {
    principal: (_k, v) => {
      const slash = v.indexOf("/");
      const [ns, sa] = slash < 0 ? [policyNamespace, v] : [v.slice(0, slash), v.slice(slash + 1)];
      return p.principalAuthenticated(m.regexMatcher(`spiffe://.+/ns/${ns}/(.+/|)sa/${sa}(/.+)?`));
    },
  };
}

/** Source trust domain: `*` → any SPIFFE id; a `*` inside → one DNS label pattern; else prefix `spiffe://<td>/`. */
export const srcTrustDomain: Generator = {
  principal: (_k, v) => {
    if (v === "*") return p.principalAuthenticated(m.prefixMatcher("spiffe://"));
    if (v.includes("*"))
      return p.principalAuthenticated(m.regexMatcher(`spiffe://${v.split("*").map(m.quoteMeta).join("[^/]*")}/.*`));
    return p.principalAuthenticated(m.prefixMatcher(`spiffe://${v}/`));
  },
};

/** `srcPrincipalGenerator`: the peer's URI SAN, written without `spiffe://`. */
export const srcPrincipal: Generator = {
  principal: (_k, v) => p.principalAuthenticated(m.stringMatcherWithPrefix(v, "spiffe://")),
};

/** `requestHeaderGenerator`: `request.headers[<name>]`. */
export const requestHeader: Generator = {
  principal: (key, v, forTCP) =>
    forTCP
      ? httpOnly(key)
      : mapGen(nameInBrackets(key.slice("request.headers".length)), (name) =>
          p.principalHeader(m.headerMatcher(name, v)),
        ),
};

/** `requestInlineHeaderGenerator` / `HeaderMatcherWithRegex`: one element of a comma-separated header value. */
export const requestInlineHeader: Generator = {
  principal: (key, v, forTCP) => {
    if (forTCP) return httpOnly(key);
    return mapGen(nameInBrackets(key.slice("request.experimental.inline.headers".length)), (name) => {
      if (v === "*") return p.principalHeader(m.headerMatcher(name, "*"));
      const r = v.startsWith("*")
        ? `.*${m.quoteMeta(v.slice(1))}`
        : v.endsWith("*")
          ? `${m.quoteMeta(v.slice(0, -1))}.*`
          : m.quoteMeta(v);
      const regex = `^${r}$|^${r},.*|.*,${r},.*|.*,${r}$`;
      return p.principalHeader(
        HeaderMatcher.create({
          name,
          headerMatchSpecifier: { oneofKind: "safeRegexMatch", safeRegexMatch: RegexMatcher.create({ regex }) },
        }),
      );
    });
  },
};

export const host: Generator = {
  permission: (key, v, forTCP) => (forTCP ? httpOnly(key) : p.permissionHeader(m.hostMatcher(":authority", v))),
};
export const method: Generator = {
  permission: (key, v, forTCP) => (forTCP ? httpOnly(key) : p.permissionHeader(m.headerMatcher(":method", v))),
};
export const path: Generator = {
  permission: (key, v, forTCP) => {
    if (forTCP) return httpOnly(key);
    return m.containsPathTemplate(v)
      ? p.permissionPathTemplate(m.pathTemplateMatcher(v))
      : p.permissionPath(m.pathMatcher(v));
  },
};

const ANY = m.regexMatcher(".+");

/** `requestPrincipalGenerator`: `iss/sub` split at the last `/`, each side exact / prefix / suffix / any. */
export const requestPrincipal: ExtendedGenerator = {
  extendedPrincipal: (key, values, forTCP) => {
    if (forTCP) return httpOnly(key);
    const or = values.map((value) => {
      const idx = value.lastIndexOf("/");
      const found = idx >= 0;
      const [iss, sub] = found ? [value.slice(0, idx), value.slice(idx + 1)] : [value, ""];
      let matchIss = m.exactMatcher(iss);
      let matchSub = m.exactMatcher(sub);
      if (value === "*") [matchIss, matchSub] = [ANY, ANY];
      else if (value.startsWith("*")) {
        if (found) matchIss = iss === "*" ? ANY : m.suffixMatcher(iss.slice(1));
        else [matchIss, matchSub] = [ANY, m.suffixMatcher(value.slice(1))];
      } else if (value.endsWith("*")) {
        if (found) matchSub = sub === "*" ? ANY : m.prefixMatcher(sub.slice(0, -1));
        else [matchIss, matchSub] = [m.prefixMatcher(value.slice(0, -1)), ANY];
      }
      return p.principalAnd([
        p.principalMetadata(m.jwtClaimMatcher("iss", matchIss)),
        p.principalMetadata(m.jwtClaimMatcher("sub", matchSub)),
      ]);
    });
    return or.length === 1 ? or[0]! : p.principalOr(or);
  },
};

const jwtList = (claims: Gen<string[]>, values: readonly string[]): Gen<Principal> =>
  mapGen(claims, (c) => p.principalMetadata(m.jwtClaimsListMatcher(c, m.stringOrMatcher(values))));

export const requestAudiences: ExtendedGenerator = {
  extendedPrincipal: (key, values, forTCP) => (forTCP ? httpOnly(key) : jwtList(["aud"], values)),
};
export const requestPresenter: ExtendedGenerator = {
  extendedPrincipal: (key, values, forTCP) => (forTCP ? httpOnly(key) : jwtList(["azp"], values)),
};
/** `requestClaimGenerator`: `request.auth.claims[a][b]` → claim path [a, b]. */
export const requestClaims: ExtendedGenerator = {
  extendedPrincipal: (key, values, forTCP) =>
    forTCP ? httpOnly(key) : jwtList(namesInNestedBrackets(key.slice("request.auth.claims".length)), values),
};

/** `envoyFilterGenerator`: `experimental.envoy.filters.a.b[c]` → metadata of filter `envoy.filters.a.b`, key `c`. */
export const envoyFilter: ExtendedGenerator = {
  extendedPermission: (key, values) => {
    const trimmed = key.replace(/^experimental\./, "").replace(/\]$/, "");
    const open = trimmed.indexOf("[");
    if (open < 0) return new GenError(`invalid key: ${key}`);
    const matchers: ValueMatcher[] = values.map((v) =>
      v.startsWith("[") && v.endsWith("]")
        ? m.listOneOf(m.stringValue(m.stringMatcher(v.replace(/^[[\]]+|[[\]]+$/g, ""))))
        : m.stringValue(m.stringMatcher(v)),
    );
    return p.permissionMetadata(
      m.metadataMatcher(trimmed.slice(0, open), [trimmed.slice(open + 1)], m.orMatcher(matchers)),
    );
  },
};
