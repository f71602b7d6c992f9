/**
 * Redirect and direct-response URIs (envoy `source/common/http/utility.cc` `Utility::newUri` and
 * `processRequestHost`; route_components.proto `RedirectAction`):
 * - scheme: `scheme_redirect`, else `https` with `https_redirect`, else the request's (`x-forwarded-proto`);
 * - port: `:port_redirect` when set; host: `host_redirect`, else the request host, whose port is dropped when a new
 *   port is set or when the scheme changes away from its default port (`:80` for http, `:443` for https);
 * - path: `path_redirect` (its own query wins; else the request's query is kept), else the request `:path` (already
 *   rewritten by the redirect's `prefix_rewrite` / `regex_rewrite`); a leading `/` is added; `strip_query` drops the
 *   query unless it came from `path_redirect`.
 * A `require_tls` redirect is `https://` + host + path (config_impl.cc `SslRedirector::newUri`).
 */
import {
  RedirectAction_RedirectResponseCode as Code,
  type RedirectAction,
} from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import type { HeaderMap } from "./header-map.ts";

/** The Location for `redirect` (or, with `undefined`, the URI a direct response reports). */
export function newUri(redirect: RedirectAction | undefined, headers: HeaderMap): string {
  const requestScheme = headers.getFirst("x-forwarded-proto") ?? headers.getFirst(":scheme") ?? "";
  const s = redirect?.schemeRewriteSpecifier;
  const scheme =
    s?.oneofKind === "schemeRedirect" && s.schemeRedirect !== ""
      ? s.schemeRedirect
      : s?.oneofKind === "httpsRedirect" && s.httpsRedirect
        ? "https"
        : requestScheme;
  const port = redirect !== undefined && redirect.portRedirect !== 0 ? `:${redirect.portRedirect}` : "";
  const host =
    redirect !== undefined && redirect.hostRedirect !== ""
      ? redirect.hostRedirect
      : processRequestHost(headers, requestScheme, scheme, port);
  const current = headers.getFirst(":path") ?? "";
  const p = redirect?.pathRewriteSpecifier;
  const pathRedirect = p?.oneofKind === "pathRedirect" ? p.pathRedirect : "";
  const redirectHasQuery = pathRedirect.includes("?");
  let path: string;
  if (pathRedirect !== "") {
    const q = current.indexOf("?");
    path = redirectHasQuery || q < 0 ? pathRedirect : pathRedirect + current.slice(q);
  } else path = current;
  if (!path.startsWith("/")) path = `/${path}`;
  if (redirect?.stripQuery === true && !redirectHasQuery) {
    const q = path.indexOf("?");
    if (q >= 0) path = path.slice(0, q);
  }
  return `${scheme}://${host}${port}${path}`;
}

function processRequestHost(headers: HeaderMap, requestScheme: string, newScheme: string, newPort: string): string {
  const host = headers.getFirst(":authority") ?? "";
  if (host === "") return host;
  let end: number;
  if (host.startsWith("[")) {
    end = host.lastIndexOf("]:");
    if (end >= 0) end += 1;
  } else end = host.lastIndexOf(":");
  if (end < 0) return host;
  const requestPort = host.slice(end);
  let remove = newPort !== "";
  if (newScheme !== requestScheme) {
    remove ||= requestScheme === "https" && requestPort === ":443";
    remove ||= requestScheme === "http" && requestPort === ":80";
  }
  return remove ? host.slice(0, end) : host;
}

/** `https://` + host + path: the `require_tls` redirect. */
export function sslRedirectUri(headers: HeaderMap): string {
  return `https://${headers.getFirst(":authority") ?? ""}${headers.getFirst(":path") ?? ""}`;
}

/** MOVED_PERMANENTLY 301 (default), FOUND 302, SEE_OTHER 303, TEMPORARY_REDIRECT 307, PERMANENT_REDIRECT 308. */
export function redirectStatus(code: Code): number {
  switch (code) {
    case Code.MOVED_PERMANENTLY:
      return 301;
    case Code.FOUND:
      return 302;
    case Code.SEE_OTHER:
      return 303;
    case Code.TEMPORARY_REDIRECT:
      return 307;
    case Code.PERMANENT_REDIRECT:
      return 308;
    default:
      return 301;
  }
}

/**
 * The headers of a local reply (envoy `source/common/http/utility.cc` `Utility::sendLocalReply`): `:status`, and
 * `content-length` and `content-type: text/plain` only when the body is non-empty.
 */
export function localReplyHeaders(status: number, body: string): [string, string][] {
  const headers: [string, string][] = [[":status", String(status)]];
  if (body !== "")
    headers.push(["content-length", String(new TextEncoder().encode(body).length)], ["content-type", "text/plain"]);
  return headers;
}
