/**
 * The JWT a request carries (docs/requests.md `jwt [invalid|expired|wrong-audience] iss=… sub=… <claim>=…`), cut into
 * atoms like every other attribute (docs/diff.md "Tokens"). The engines read a token only through:
 *
 * - the RequestAuthentications of the proxies it passes (request-authn.ts `authenticateWith`, istiod's
 *   policy_applier.go): whether there is one, its issuer (the rule that checks it: an issuer no rule names is
 *   "Jwt issuer is not configured"), its flaw (expired: `verifyTimeConstraint` before anything else; invalid: the
 *   audience check, then the signature; wrong-audience: accepted by a rule without audiences), its `aud` against each
 *   rule's audiences (`check_audience.cc`), and, once verified, the claims a rule copies to a header
 *   (`outputClaimToHeaders`: a non-empty string claim) and those it splits (`spaceDelimitedClaims`);
 * - the verified payload's predicates: `requestPrincipals` / `request.auth.principal` (an `iss` and a `sub` matcher,
 *   generator.go `requestPrincipalGenerator`), `request.auth.audiences` / `presenter` / `claims[c]` (one element of a
 *   list claim suffices, `MetadataListValueMatcherForJWTClaims`), and, on gateways, `@request.auth.claims.c` route
 *   matches (route.go `translateMetadataMatch`).
 *
 * So each claim some predicate reads is partitioned by those predicates (a claim value is a string, a list of strings,
 * or absent; a list is kept apart from the strings where the engine reads strings only), and the token's atoms are:
 * no token; one token of an issuer no rule names; and for each configured issuer, expired, invalid × `aud`,
 * wrong-audience × every other claim, valid × every claim. `tokenKey` is the atom of any `jwt` clause: two tokens with
 * the same key are read alike by every predicate and check above, in both versions.
 */
import {
  resourcesOf,
  type AuthorizationPolicyNode,
  type MeshIR,
  type RequestAuthenticationNode,
  type VirtualServiceNode,
} from "../ir/ir.ts";
import { routingClaim } from "../ir/request-authn.ts";
import { claimMatches, claimPath } from "../eval/istio/authz-jwt.ts";
import { audiencesAllowed, type RequestJwt, type SimRequest } from "../eval/index.ts";
import { cachedPartition, describe, TooManyAtoms, type Dimension } from "./atoms.ts";
import type { Partition, StringPredicate, Universe } from "./language.ts";
import { quote, stringMatchPredicate } from "./predicates.ts";

/**
 * Claim values a `jwt` clause writes: visible ASCII without `"`, `\`, `,` (which splits a list) and spaces (which a
 * space-delimited claim splits); empty allowed (`sub=`).
 */
const CLAIM: Universe = { source: "[!#-+\\--\\[\\]-~]*", seeds: ["x", "y", ""] };
const IN_CLAIM = /^[!#-+\--[\]-~]*$/;
/** A claim name the `jwt` clause can write (the request syntax's `name=value` names): others are always absent. */
const CLAIM_NAME = /^[!$%&'*+.^_`|~0-9A-Za-z-]+$/;

type Kind = "exact" | "prefix" | "suffix" | "any";

/** authz-jwt.ts `stringMatch` (matcher.StringMatcher): `*` any non-empty, `*x` suffix, `x*` prefix, else exact. */
function kindOf(v: string): [Kind, string] {
  if (v === "*") return ["any", ""];
  if (v.startsWith("*")) return ["suffix", v.slice(1)];
  if (v.endsWith("*")) return ["prefix", v.slice(0, -1)];
  return ["exact", v];
}

function matcher(tag: string, [kind, v]: [Kind, string], test?: (x: string) => boolean): StringPredicate {
  const re2 =
    kind === "any" ? ".+" : kind === "exact" ? quote(v) : kind === "prefix" ? `${quote(v)}.*` : `.*${quote(v)}`;
  const own = (x: string) =>
    kind === "any" ? x.length > 0 : kind === "exact" ? x === v : kind === "prefix" ? x.startsWith(v) : x.endsWith(v);
  const label = kind === "any" ? "any value" : `${kind} '${v}'`;
  return { key: `${tag}:${kind}:${v}`, label, re2, ignoreCase: false, test: test ?? own };
}

/**
 * The `iss` and `sub` matchers of a `requestPrincipals` value, split as authz-jwt.ts `requestPrincipalMatches`
 * (generator.go `requestPrincipalGenerator`) splits it: at the last `/`; a leading `*` is a suffix on the issuer
 * (or, without `/`, any issuer and a suffix on the subject), a trailing `*` a prefix on the subject (or, without `/`,
 * a prefix on the issuer and any subject).
 */
function principalParts(value: string): { iss: [Kind, string]; sub: [Kind, string] } {
  const idx = value.lastIndexOf("/");
  const found = idx >= 0;
  const [iss, sub] = found ? [value.slice(0, idx), value.slice(idx + 1)] : [value, ""];
  const any: [Kind, string] = ["any", ""];
  if (value === "*") return { iss: any, sub: any };
  if (value.startsWith("*"))
    return found
      ? { iss: iss === "*" ? any : ["suffix", iss.slice(1)], sub: ["exact", sub] }
      : { iss: any, sub: ["suffix", value.slice(1)] };
  if (value.endsWith("*"))
    return found
      ? { iss: ["exact", iss], sub: sub === "*" ? any : ["prefix", sub.slice(0, -1)] }
      : { iss: ["prefix", value.slice(0, -1)], sub: any };
  return { iss: ["exact", iss], sub: ["exact", sub] };
}

/** One claim's predicates: `or` ones read every element of a list claim, the others a string claim only. */
interface ClaimPredicates {
  readonly preds: StringPredicate[];
  readonly or: Set<string>;
  /** Whether a list is told apart from a string even where the predicates agree (iss; a space-delimited claim). */
  listSensitive: boolean;
}

type ClaimValue = string | readonly string[] | undefined;

interface ClaimOption {
  readonly key: string;
  readonly value: ClaimValue;
  readonly label: string;
}

interface ClaimSpace {
  readonly name: string;
  readonly options: readonly ClaimOption[];
  /** The option a value falls in; undefined when outside the claim universe or realised by no option. */
  readonly keyOf: (v: ClaimValue) => string | undefined;
}

const bits = (sig: readonly boolean[]) => sig.map((b) => (b ? "1" : "0")).join("");

function claimSpace(name: string, c: ClaimPredicates, maxAtoms: number): ClaimSpace {
  const p: Partition | "too-many" = cachedPartition(CLAIM, "claim", c.preds, maxAtoms);
  if (p === "too-many") throw new TooManyAtoms(`JWT claim ${name}`);
  /**
   * What the engines read of a value: the list-reading predicates on its elements (a string is one element, an absent
   * claim none), the others on a string only (authz-jwt.ts `requestPrincipalMatches` and request-authn.ts `accept`
   * read strings); and, where a list is read apart from a string, which it is.
   */
  const observed = (v: ClaimValue): boolean[] => {
    const elements = v === undefined ? [] : typeof v === "string" ? [v] : v;
    return p.predicates.map((q) =>
      c.or.has(q.key) ? elements.some((e) => q.test(e)) : typeof v === "string" && q.test(v),
    );
  };
  const keyOf = (v: ClaimValue): string | undefined => {
    if (v !== undefined && !(typeof v === "string" ? [v] : v).every((e) => IN_CLAIM.test(e))) return undefined;
    const type = c.listSensitive ? (v === undefined ? "absent " : typeof v === "string" ? "string " : "list ") : "";
    return `${type}${bits(observed(v))}`;
  };
  const label = (v: ClaimValue): string => {
    const sig = observed(v);
    const kind = v === undefined ? "absent" : typeof v === "string" ? "" : "a list";
    if (!sig.some(Boolean)) return kind === "" ? describe(p, sig) : kind;
    return kind === "" ? describe(p, sig) : `${kind}, ${describe(p, sig)}`;
  };
  const candidates: ClaimValue[] = [undefined, ...p.atoms.map((a) => a.witness)];
  // Lists: every union of the atoms' vectors over the list-reading predicates (a closure, bounded by maxAtoms).
  const lists = new Map<string, readonly string[]>();
  const listKey = (elements: readonly string[]) => bits(observed(elements));
  for (const a of p.atoms) lists.set(listKey([a.witness, a.witness]), [a.witness, a.witness]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const elements of [...lists.values()])
      for (const a of p.atoms) {
        const next = [...new Set([...elements, a.witness])];
        const k = listKey(next.length === 1 ? [next[0]!, next[0]!] : next);
        if (lists.has(k)) continue;
        lists.set(k, next);
        grew = true;
        if (lists.size > maxAtoms) throw new TooManyAtoms(`JWT claim ${name}`);
      }
  }
  candidates.push(...lists.values());
  const options: ClaimOption[] = [];
  for (const value of candidates) {
    const key = keyOf(value)!;
    if (!options.some((o) => o.key === key)) options.push({ key, value, label: label(value) });
  }
  return { name, options, keyOf };
}

/** The policies of a scope that may apply at these workloads (through a gateway: any, as policiesFor does). */
function inScope<T extends RequestAuthenticationNode | AuthorizationPolicyNode>(
  nodes: readonly T[],
  workloads: ReadonlySet<string>,
  viaGateway: boolean,
): T[] {
  const namespaces = new Set([...workloads].map((w) => w.slice(0, w.indexOf("/"))));
  return nodes.filter((p) => {
    switch (p.scope.kind) {
      case "mesh":
      case "targetRefs":
        return true;
      case "namespace":
        return namespaces.has(p.scope.namespace) || viaGateway;
      case "workloads":
        return p.scope.workloads.some((w) => workloads.has(w)) || viaGateway;
    }
  });
}

/** What one version's configuration for a destination says about tokens. */
export interface TokenQuestions {
  readonly ir: MeshIR;
  readonly vss: readonly VirtualServiceNode[];
  readonly policies: readonly AuthorizationPolicyNode[];
  /** The workloads that may serve the destination (space.ts `serverWorkloads`). */
  readonly servers: ReadonlySet<string>;
}

/**
 * The `jwt` dimension of a destination: undefined when no RequestAuthentication of either version can apply to its
 * proxies (a token is then never verified: it is an `Authorization` header no predicate reads as a token).
 * `headers`: the header predicates of the destination (a claim a rule copies to a header meets them there).
 */
export function tokenDimension(
  versions: readonly TokenQuestions[],
  viaGateway: boolean,
  headers: ReadonlyMap<string, readonly StringPredicate[]>,
  maxAtoms: number,
): Dimension | undefined {
  const ras = versions.flatMap((v) =>
    inScope(resourcesOf(v.ir, "requestAuthentication"), v.servers, viaGateway).map((ra) => ra.spec),
  );
  if (ras.length === 0) return undefined;
  const rules = ras.flatMap((s) => s.jwtRules ?? []);
  const claims = new Map<string, ClaimPredicates>();
  const claim = (name: string): ClaimPredicates | undefined => {
    if (!CLAIM_NAME.test(name)) return undefined;
    let c = claims.get(name);
    if (c === undefined) claims.set(name, (c = { preds: [], or: new Set(), listSensitive: false }));
    return c;
  };
  const add = (name: string, p: StringPredicate, or: boolean) => {
    const c = claim(name);
    if (c === undefined) return;
    c.preds.push(p);
    if (or) c.or.add(p.key);
  };
  claim("iss")!.listSensitive = true;
  const issuers = new Set(rules.map((r) => r.issuer ?? ""));
  for (const i of issuers) add("iss", matcher("s", ["exact", i]), false);
  for (const r of rules) {
    for (const a of r.audiences ?? []) {
      // check_audience.cc: `http(s)://` and one trailing `/` are ignored on both sides; the values that pass.
      const n = a.replace(/^https?:\/\//, "").replace(/\/$/, "");
      const test = (x: string) =>
        audiencesAllowed([a], { token: "", header: {}, payload: {}, iss: "", audiences: [x] });
      const values = ["", "http://", "https://"]
        .flatMap((s) => [`${s}${n}`, `${s}${n}/`])
        .filter((x) => test(x) && IN_CLAIM.test(x));
      if (values.length > 0)
        add(
          "aud",
          { key: `audience:${a}`, label: `audience '${a}'`, re2: values.map(quote).join("|"), ignoreCase: false, test },
          true,
        );
      else claim("aud");
    }
    for (const o of r.outputClaimToHeaders ?? []) {
      const read = headers.get(o.header.toLowerCase());
      if (read === undefined) continue;
      if (claim(o.claim) === undefined) continue;
      // The header holds the claim when it is a non-empty string (request-authn.ts `accept`).
      add(o.claim, matcher("s", ["any", ""]), false);
      for (const p of read) add(o.claim, { ...p, key: `s:${p.key}` }, false);
    }
    for (const name of r.spaceDelimitedClaims ?? []) {
      const c = claim(name);
      if (c !== undefined) c.listSensitive = true;
    }
  }
  const principal = (v: string) => {
    const { iss, sub } = principalParts(v);
    add("iss", matcher("s", iss), false);
    add("sub", matcher("s", sub), false);
  };
  const condition = (name: string, v: string) =>
    add(
      name,
      matcher("claim", kindOf(v), (x) => claimMatches(v, { claim: x }, ["claim"])),
      true,
    );
  for (const v of versions)
    for (const p of v.policies)
      for (const rule of p.spec.rules ?? []) {
        for (const f of rule.from ?? [])
          for (const x of [...(f.source?.requestPrincipals ?? []), ...(f.source?.notRequestPrincipals ?? [])])
            principal(x);
        for (const w of rule.when ?? []) {
          const values = [...(w.values ?? []), ...(w.notValues ?? [])];
          if (w.key === "request.auth.principal") values.forEach(principal);
          const path =
            w.key === "request.auth.audiences"
              ? ["aud"]
              : w.key === "request.auth.presenter"
                ? ["azp"]
                : /^request\.auth\.claims\[.+\]$/.test(w.key)
                  ? claimPath(w.key.slice("request.auth.claims".length))
                  : undefined;
          // A nested claim (`claims[a][b]`) is never met by a `jwt` clause's flat claims.
          if (path?.length === 1) for (const x of values) condition(path[0]!, x);
        }
      }
  // Claim routes: only a gateway verifies a token before routing (route-match.ts `claimCheck`).
  if (viaGateway)
    for (const v of versions)
      for (const vs of v.vss)
        for (const route of vs.spec.http ?? [])
          for (const m of route.match ?? [])
            for (const block of [m.headers, m.withoutHeaders])
              for (const [name, sm] of Object.entries(block ?? {})) {
                const path = routingClaim(name);
                if (path?.length !== 1) continue;
                const p = stringMatchPredicate(sm);
                // A presence match: any value, a string or a list (`one` in claimCheck).
                if (p === undefined)
                  add(
                    path[0]!,
                    { key: "c:present", label: "present", re2: ".*", ignoreCase: false, test: () => true },
                    true,
                  );
                else add(path[0]!, { ...p, key: `c:${p.key}` }, true);
              }
  return tokens(claims, issuers, maxAtoms);
}

function tokens(
  claims: ReadonlyMap<string, ClaimPredicates>,
  issuers: ReadonlySet<string>,
  maxAtoms: number,
): Dimension {
  const spaces = new Map([...claims].map(([name, c]) => [name, claimSpace(name, c, maxAtoms)]));
  const iss = spaces.get("iss")!;
  const others = [...spaces.keys()].filter((n) => n !== "iss").sort();
  const accepted = (v: ClaimValue) => issuers.has(typeof v === "string" ? v : "");
  const read = (flaw: RequestJwt["flaw"]) =>
    flaw === "expired"
      ? []
      : flaw === "invalid"
        ? others.filter((n) => n === "aud")
        : flaw === "wrong-audience"
          ? others.filter((n) => n !== "aud")
          : others;
  const own = (of: RequestJwt["claims"], name: string): ClaimValue => (Object.hasOwn(of, name) ? of[name] : undefined);
  /** The atom of a token: what every check and predicate above reads of it. */
  const tokenKey = (jwt: RequestJwt | undefined): string | undefined => {
    if (jwt === undefined) return "none";
    if (!accepted(own(jwt.claims, "iss"))) return "other issuer";
    const parts = [jwt.flaw ?? "valid", `iss=${iss.keyOf(own(jwt.claims, "iss"))}`];
    for (const name of read(jwt.flaw)) {
      const k = spaces.get(name)!.keyOf(own(jwt.claims, name));
      if (k === undefined) return undefined;
      parts.push(`${name}=${k}`);
    }
    return parts.join(" ");
  };
  const atoms: { label: string; value: undefined; jwt?: RequestJwt }[] = [{ label: "no token", value: undefined }];
  const keys: (string | undefined)[] = ["none"];
  const push = (jwt: RequestJwt, label: string) => {
    const key = tokenKey(jwt);
    if (key === undefined) throw new Error(`token '${label}' has no atom`);
    if (keys.includes(key)) return;
    keys.push(key);
    atoms.push({ label, value: undefined, jwt });
  };
  const other = iss.options.find((o) => o.value !== undefined && !accepted(o.value));
  if (other !== undefined) push({ claims: { iss: other.value! } }, `issuer no rule names (iss ${other.label})`);
  const product = (
    names: readonly string[],
  ): { claims: Record<string, string | readonly string[]>; label: string[] }[] => {
    const size = names.reduce((n, name) => n * spaces.get(name)!.options.length, 1);
    if (size > maxAtoms) throw new TooManyAtoms("JWT");
    let out = [{ claims: {} as Record<string, string | readonly string[]>, label: [] as string[] }];
    for (const name of names)
      out = out.flatMap((x) =>
        spaces.get(name)!.options.map((o) => ({
          claims: o.value === undefined ? x.claims : { ...x.claims, [name]: o.value },
          label: [...x.label, `${name} ${o.label}`],
        })),
      );
    return out;
  };
  for (const io of iss.options.filter((o) => o.value !== undefined && accepted(o.value)))
    for (const flaw of [undefined, "wrong-audience", "invalid", "expired"] as const)
      for (const combo of product(read(flaw))) {
        const jwt: RequestJwt = { claims: { iss: io.value!, ...combo.claims }, ...(flaw ? { flaw } : {}) };
        push(jwt, [`${flaw ?? "valid"} token`, `iss ${io.label}`, ...combo.label].join(", "));
        if (atoms.length > maxAtoms) throw new TooManyAtoms("JWT");
      }
  return {
    name: "jwt",
    atoms,
    atomOf: () => -1,
    atomOfRequest: (req: SimRequest) => {
      // A token written as a header (`header authorization=...`) is not one of the `jwt` clause's: not partitioned.
      if (req.jwt === undefined) return req.headers["authorization"] === undefined ? 0 : -1;
      const key = tokenKey(req.jwt);
      return key === undefined ? -1 : keys.indexOf(key);
    },
  };
}
