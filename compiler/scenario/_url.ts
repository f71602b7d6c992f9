/**
 * Splits a request URL token (`http://` or `https://<host>[:<port>]<path>[?<query>]`, docs/requests.md; meshc's
 * `tcp://<host>[:<port>]` for a TCP connection and `tls://<host>[:<port>]` for a TLS connection) into its parts, reporting each malformed part at its own offset. No normalization: the path is kept exactly as the client would send it, since
 * what Envoy matches is the path as sent (with Istio's normalization applied on the server side, not here).
 */
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import type { Span } from "../diagnostics/span.ts";

/** The schemes a request may use. */
export type UrlScheme = "http" | "https" | "grpc" | "tcp" | "tls";
const SCHEMES: ReadonlySet<string> = new Set(["http", "https", "grpc", "tcp", "tls"]);

/** The parts of a request URL. */
export interface ParsedUrl {
  readonly scheme: UrlScheme;
  readonly host: string;
  readonly port: number | undefined;
  readonly path: string;
  readonly query: string;
}

/** A DNS name or IPv4 address: what a request's authority may hold here (no userinfo, no IPv6 literals). */
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/**
 * Parse `image`, which starts at `offset` in `file`. Returns undefined (and diagnostics) when the URL cannot be
 * used at all; a fragment is reported but the rest is still returned.
 */
export function parseUrl(
  image: string,
  offset: number,
  file: string,
): { url: ParsedUrl | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (start: number, length: number): Span => ({ file, start: offset + start, length });
  const sep = image.indexOf("://");
  const scheme = image.slice(0, sep).toLowerCase();
  const known = SCHEMES.has(scheme);
  if (!known) {
    diagnostics.push(createDiagnostic(Messages.Unsupported_URL_scheme_0, at(0, sep), [image.slice(0, sep)]));
  }
  const rest = sep + 3;
  const hashAt = image.indexOf("#", rest);
  if (hashAt >= 0) {
    diagnostics.push(
      createDiagnostic(Messages.URL_fragment_0_is_never_sent, at(hashAt, image.length - hashAt), [image.slice(hashAt)]),
    );
  }
  const end = hashAt >= 0 ? hashAt : image.length;
  const authorityEnd = firstOf(image, ["/", "?"], rest, end);
  const authority = image.slice(rest, authorityEnd);
  const colon = authority.lastIndexOf(":");
  const host = colon >= 0 ? authority.slice(0, colon) : authority;
  let port: number | undefined;
  if (host === "") {
    diagnostics.push(createDiagnostic(Messages.URL_0_has_no_host, at(0, image.length), [image]));
  } else if (!HOST.test(host)) {
    diagnostics.push(createDiagnostic(Messages._0_is_not_a_valid_host_name, at(rest, host.length), [host]));
  }
  if (colon >= 0) {
    const text = authority.slice(colon + 1);
    port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
    if (!(port >= 1 && port <= 65535)) {
      diagnostics.push(
        createDiagnostic(Messages.Port_0_is_not_a_number_from_1_to_65535, at(rest + colon + 1, text.length), [text]),
      );
    }
  }
  const queryAt = image.indexOf("?", authorityEnd);
  const pathEnd = queryAt >= 0 && queryAt < end ? queryAt : end;
  const path = image.slice(authorityEnd, pathEnd);
  const query = pathEnd < end ? image.slice(pathEnd + 1, end) : "";
  // A TCP (or TLS) connection names a host and a port; anything after the authority would never be sent.
  if ((scheme === "tcp" || scheme === "tls") && authorityEnd < end) {
    diagnostics.push(
      createDiagnostic(Messages.A_0_request_opens_a_1_connection_and_has_no_2, at(authorityEnd, end - authorityEnd), [
        scheme,
        scheme.toUpperCase(),
        `path or query '${image.slice(authorityEnd, end)}'`,
      ]),
    );
  }
  const fatal = diagnostics.some((d) => d.code !== Messages.URL_fragment_0_is_never_sent.code);
  if (fatal || !known) return { url: undefined, diagnostics };
  const s = scheme as UrlScheme;
  if (s === "tcp" || s === "tls") return { url: { scheme: s, host, port, path: "", query: "" }, diagnostics };
  // An empty path is sent as "/" (RFC 9112 §3.2.1: origin-form is at least "/").
  return { url: { scheme: s, host, port, path: path === "" ? "/" : path, query }, diagnostics };
}

function firstOf(text: string, chars: readonly string[], from: number, end: number): number {
  let best = end;
  for (const c of chars) {
    const i = text.indexOf(c, from);
    if (i >= 0 && i < best) best = i;
  }
  return best;
}
