/** A request in docs/requests.md syntax, as `simulate --request` and scenario files read it. */
import type { SimRequest } from "../eval/index.ts";

function headerValue(v: string): string {
  return /^[^\s"]*$/.test(v) ? v : `"${v.replace(/[\\"]/g, "\\$&")}"`;
}

export function formatRequest(r: SimRequest): string {
  const port = r.port === undefined ? "" : `:${r.port}`;
  const target =
    r.scheme === "tcp"
      ? `tcp://${r.host}${port}`
      : `${r.method} ${r.scheme}://${r.host}${port}${r.path}${r.query === "" ? "" : `?${r.query}`}`;
  const s = r.source;
  const from =
    s.kind === "outside"
      ? "outside"
      : s.kind === "ingress"
        ? `ingress ${s.namespace}/${s.gateway}`
        : `${s.namespace}/${s.name}`;
  const headers = Object.entries(r.headers).map(([k, v]) => ` header ${k}=${headerValue(v)}`);
  const jwt =
    r.jwt === undefined
      ? ""
      : ` jwt${r.jwt.flaw ? ` ${r.jwt.flaw}` : ""}${Object.entries(r.jwt.claims)
          .map(([k, v]) => ` ${k}=${headerValue(typeof v === "string" ? v : v.join(","))}`)
          .join("")}`;
  const cert =
    r.cert === undefined
      ? ""
      : ` cert${r.cert.flaw ? ` ${r.cert.flaw}` : ""}${r.cert.sans.length > 0 ? ` san=${r.cert.sans.join(",")}` : ""}`;
  return `${target} from ${from}${headers.join("")}${jwt}${cert}${r.plaintext ? " plaintext" : ""}`;
}
