/**
 * The path Envoy matches routes and authorization policies against. Istio's default MeshConfig
 * `pathNormalization: BASE` sets the HTTP connection manager's `normalize_path` (RFC 3986 normalization plus
 * backslash → slash) and leaves `merge_slashes` off; the normalized path is used "for both the evaluation of
 * authorization policies and the request that is ultimately sent to the backend"
 * (https://istio.io/latest/docs/reference/config/security/normalization/, "Path Related"; MeshConfig
 * `ProxyPathNormalization.NormalizationType` DEFAULT = BASE).
 */

/** Percent-escapes of unreserved characters, which BASE decodes (`%2d`, `%2e`, `%30`–`%39`, letters, `%5f`, `%7e`). */
function decodeUnreserved(path: string): string {
  return path.replace(/%([0-9a-fA-F]{2})/g, (escape, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : escape.toUpperCase();
  });
}

/** RFC 3986 §5.2.4 remove_dot_segments. */
export function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split("/");
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const last = i === segments.length - 1;
    if (s === ".") {
      if (last) out.push("");
    } else if (s === "..") {
      if (out.length > 1) out.pop();
      if (last) out.push("");
    } else out.push(s);
  }
  const joined = out.join("/");
  return joined.startsWith("/") ? joined : `/${joined}`;
}

/** BASE normalization of a path without its query: `/a/../b` → `/b`, `\da` → `/da`, `/%41` → `/A`. */
export function normalizePath(path: string): string {
  return removeDotSegments(decodeUnreserved(path).replace(/\\/g, "/"));
}
