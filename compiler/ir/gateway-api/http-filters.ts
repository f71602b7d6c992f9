/**
 * HTTPRoute filters → VirtualService route fields (istio `pilot/pkg/config/kube/gateway/conversion.go`
 * `createHeadersFilter`, `createRedirectFilter`, `createRewriteFilter`, `createMirrorFilter`, `createCorsFilter`).
 */
import { list, record, str, type Json } from "../../load/json.ts";
import type { ConfigError, RouteKind } from "./_model.ts";
import { buildDestination, type RouteContext } from "./backends.ts";

/** `headerListToMap`: names lower-cased, later duplicates ignored ("Subsequent entries ... MUST be ignored"). */
function headerListToMap(headers: readonly unknown[]): Record<string, string> | undefined {
  if (headers.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const h of headers.map(record)) {
    const k = (str(h["name"]) ?? "").toLowerCase();
    if (!(k in out)) out[k] = str(h["value"]) ?? "";
  }
  return out;
}

/** `createHeadersFilter`. */
export function headerOperations(filter: unknown): Json | undefined {
  if (filter === undefined || filter === null) return undefined;
  const f = record(filter);
  const add = headerListToMap(list(f["add"]));
  const set = headerListToMap(list(f["set"]));
  const remove = list(f["remove"]).filter((x): x is string => typeof x === "string");
  return { ...(add ? { add } : {}), ...(set ? { set } : {}), ...(remove.length > 0 ? { remove } : {}) };
}

/** `createRedirectFilter`: without a port, the request's port (or, with a scheme, the scheme's default) is kept. */
export function redirect(filter: unknown): Json {
  const f = record(filter);
  const out: Record<string, unknown> = {};
  if (typeof f["statusCode"] === "number") out["redirectCode"] = f["statusCode"];
  if (str(f["hostname"]) !== undefined) out["authority"] = f["hostname"];
  if (str(f["scheme"]) !== undefined) out["scheme"] = f["scheme"];
  if (typeof f["port"] === "number") out["port"] = f["port"];
  else out["derivePort"] = str(f["scheme"]) !== undefined ? "FROM_PROTOCOL_DEFAULT" : "FROM_REQUEST_PORT";
  const path = record(f["path"]);
  if (str(path["type"]) === "ReplaceFullPath") out["uri"] = str(path["replaceFullPath"]) ?? "";
  if (str(path["type"]) === "ReplacePrefixMatch") out["uri"] = `%PREFIX()%${str(path["replacePrefixMatch"]) ?? ""}`;
  return out;
}

/** `createRewriteFilter`: undefined when it changes nothing. */
export function rewrite(filter: unknown): Json | undefined {
  const f = record(filter);
  const out: Record<string, unknown> = {};
  const path = record(f["path"]);
  if (str(path["type"]) === "ReplacePrefixMatch") {
    const uri = (str(path["replacePrefixMatch"]) ?? "").replace(/\/$/, "");
    // `/` means removing the prefix.
    out["uri"] = uri === "" ? "/" : uri;
  } else if (str(path["type"]) === "ReplaceFullPath") {
    out["uriRegexRewrite"] = { match: "/.*", rewrite: str(path["replaceFullPath"]) ?? "" };
  }
  if (str(f["hostname"]) !== undefined) out["authority"] = f["hostname"];
  return Object.keys(out).length === 0 ? undefined : out;
}

/** `createMirrorFilter`: percent from `fraction` (numerator/denominator, default 100) or `percent`. */
export function mirror(
  ctx: RouteContext,
  filter: unknown,
  ns: string,
  enforceRefGrant: boolean,
  kind: RouteKind,
  path: (string | number)[],
): { mirror?: Json; error?: ConfigError } {
  const f = record(filter);
  const dst = buildDestination(ctx, record(f["backendRef"]), ns, enforceRefGrant, kind, [...path, "backendRef"]);
  const error = dst.fatal ?? dst.invalid;
  if (error) return { error };
  const fraction = f["fraction"];
  let percentage: Json | undefined;
  if (fraction !== undefined) {
    const fr = record(fraction);
    const den = typeof fr["denominator"] === "number" ? fr["denominator"] : 100;
    percentage = { value: (100 * Number(fr["numerator"] ?? 0)) / den };
  } else if (typeof f["percent"] === "number") percentage = { value: f["percent"] };
  return { mirror: { destination: dst.destination, ...(percentage ? { percentage } : {}) } };
}

/** Any origin: `scheme://host[:port]` (what istiod matches for a lone `*`). */
const ANY_ORIGIN = "^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+$";

/** An allowOrigins entry: exact, or with `*` wildcards a regex anchored at both ends (as istiod's goldens show). */
function originMatch(origin: string): Json {
  if (origin === "*") return { regex: ANY_ORIGIN };
  if (!origin.includes("*")) return { exact: origin };
  const escaped = origin.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return { regex: `^${escaped}$` };
}

/**
 * `createCorsFilter`. Preflights that match no allowed origin are passed on (`unmatchedPreflights: IGNORE`), as the
 * Gateway API requires.
 */
export function cors(filter: unknown): Json {
  const f = record(filter);
  const out: Record<string, unknown> = { unmatchedPreflights: "IGNORE" };
  const origins = list(f["allowOrigins"]).filter((o): o is string => typeof o === "string" && o.length > 0);
  if (origins.length > 0) out["allowOrigins"] = origins.map(originMatch);
  if (f["allowCredentials"] === true) out["allowCredentials"] = true;
  for (const key of ["allowMethods", "allowHeaders", "exposeHeaders"]) {
    const values = list(f[key]).filter((v): v is string => typeof v === "string");
    if (values.length > 0) out[key] = values;
  }
  if (typeof f["maxAge"] === "number" && f["maxAge"] > 0) out["maxAge"] = `${f["maxAge"]}s`;
  return out;
}
