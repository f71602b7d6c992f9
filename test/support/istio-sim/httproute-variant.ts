/**
 * The Gateway API variant of TestSidecarRoutes (istio pilot/pkg/networking/core/sidecar_simulation_test.go): the Go
 * test runs every case twice, `for _, variant := range []string{"httproute", "virtualservice"}`, rendering each
 * `vsArgs` either as a VirtualService or as an HTTPRoute whose parentRef is the Service (GAMMA); `scArgs` (Sidecars)
 * render the same in both. The tables hold only the VirtualService rendering, so this module reads `vsArgs` back from
 * it (the template is `vsArgs.Config`'s `virtualservice` branch) and renders the `httproute` branch from them, with the
 * Go test's own `t.Skipf` for matches that are not `<name>.<namespace>.svc.cluster.local`.
 */
import yaml from "js-yaml";

/** `vsArgs` with `Matches` already defaulted from `Match`, and the rendered name (both templates render it alike). */
export interface VsArgs {
  /** `"{{.Namespace}}{{.Match | replace "*" "wild"}}{{.Dest}}"`, the same in both templates. */
  readonly name: string;
  readonly namespace: string;
  readonly matches: readonly string[];
  readonly dest: string;
  /** 0 when the template omitted it (`{{ with .Port }}`). */
  readonly port: number;
  /** 0 when the template omitted it (`{{ with .PortMatch }}`). */
  readonly portMatch: number;
  readonly time: string;
}

type Raw = { readonly [key: string]: unknown };
const rec = (v: unknown): Raw => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
const keysAre = (v: unknown, allowed: readonly string[]) => Object.keys(rec(v)).every((k) => allowed.includes(k));
const timeOf = (v: unknown) => (v instanceof Date ? v.toISOString().replace(".000Z", "Z") : v);

/**
 * The arguments the `virtualservice` template was evaluated with, or why the document is not one of its renderings:
 * metadata {name, namespace, creationTimestamp}; spec.hosts = Matches; one http route with one destination
 * {host: Dest, port.number: Port if set}, and `match: [{port: PortMatch}]` if set.
 */
export function vsArgsOf(doc: Raw): VsArgs | string {
  const meta = rec(doc["metadata"]);
  const spec = rec(doc["spec"]);
  const http = spec["http"];
  const hosts = spec["hosts"];
  if (!Array.isArray(http) || http.length !== 1 || !Array.isArray(hosts) || !hosts.every((h) => typeof h === "string"))
    return "spec.hosts and a single spec.http route expected";
  const route = rec(http[0]);
  const dests = route["route"];
  if (!Array.isArray(dests) || dests.length !== 1 || !keysAre(route, ["route", "match"]))
    return "one route destination and at most a port match expected";
  const destination = rec(rec(dests[0])["destination"]);
  const match = route["match"];
  const portMatch = Array.isArray(match) ? rec(match[0])["port"] : 0;
  const port = rec(destination["port"])["number"] ?? 0;
  const time = timeOf(meta["creationTimestamp"]);
  if (
    !keysAre(spec, ["hosts", "http"]) ||
    !keysAre(destination, ["host", "port"]) ||
    typeof destination["host"] !== "string" ||
    typeof port !== "number" ||
    typeof portMatch !== "number" ||
    (Array.isArray(match) && (match.length !== 1 || !keysAre(match[0], ["port"]))) ||
    typeof meta["name"] !== "string" ||
    typeof meta["namespace"] !== "string" ||
    typeof time !== "string"
  )
    return "fields beyond the template's (name, namespace, creationTimestamp, hosts, destination host/port, match port)";
  return {
    name: meta["name"],
    namespace: meta["namespace"],
    matches: hosts,
    dest: destination["host"],
    port,
    portMatch,
    time,
  };
}

/**
 * `vsArgs.Config(t, "httproute")`'s GwMatches: each match split on "." must have 5 labels, the first not `*`, and
 * names the Service `spl[0]` in namespace `spl[1]`; otherwise the Go test calls `t.Skipf("unsupported match: %v", spl)`
 * (`%v` of a []string prints `[a b c]`), which is returned here as a string.
 */
export function gwMatches(args: VsArgs): { name: string; namespace: string }[] | string {
  const out: { name: string; namespace: string }[] = [];
  for (const m of args.matches) {
    const spl = m.split(".");
    if (spl.length !== 5 || spl[0] === "*") return `unsupported match: [${spl.join(" ")}]`;
    out.push({ name: spl[0]!, namespace: spl[1]! });
  }
  return out;
}

/** The `httproute` branch of `vsArgs.Config`, evaluated (same text as the Go template's output, blank lines aside). */
export function renderHTTPRoute(args: VsArgs, parents: readonly { name: string; namespace: string }[]): string {
  const q = (s: string) => JSON.stringify(s);
  const refs = parents
    .map(
      (p) =>
        `  - group: ""\n    kind: Service\n    name: ${q(p.name)}\n    namespace: ${q(p.namespace)}\n` +
        (args.portMatch === 0 ? "" : `    port: ${args.portMatch}\n`),
    )
    .join("");
  return (
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: ${q(args.name)}\n` +
    `  namespace: ${args.namespace}\n  creationTimestamp: ${q(args.time)}\nspec:\n  parentRefs:\n${refs}` +
    `  rules:\n  - backendRefs:\n    - kind: Hostname\n      group: networking.istio.io\n      name: ${args.dest}\n` +
    // `{{.Port | default 80}}`: sprig's default replaces the zero value.
    `      port: ${args.port === 0 ? 80 : args.port}\n`
  );
}

/**
 * A case's configs in the `httproute` variant: every VirtualService re-rendered as its HTTPRoute, other documents
 * (the Sidecars of `scArgs`) as they are. `skip` is the Go test's `t.Skipf` message, from the first config that
 * raises it (configs are rendered in order); `error` says a config is not a `vsArgs` rendering.
 */
export function httpRouteVariant(configs: readonly string[]): { configs: string[]; skip?: string; error?: string } {
  const out: string[] = [];
  for (const text of configs) {
    const doc = rec(yaml.load(text));
    if (doc["kind"] !== "VirtualService") {
      out.push(text);
      continue;
    }
    const args = vsArgsOf(doc);
    if (typeof args === "string")
      return {
        configs: [],
        error: `VirtualService ${String(rec(doc["metadata"])["name"])} is not a vsArgs rendering: ${args}`,
      };
    const parents = gwMatches(args);
    if (typeof parents === "string") return { configs: [], skip: parents };
    out.push(renderHTTPRoute(args, parents));
  }
  return { configs: out };
}
