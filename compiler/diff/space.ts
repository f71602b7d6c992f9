/**
 * The request space of two meshes, cut into cells. A request is (source, destination, authority, method, path,
 * headers, query). Sources and destinations are finite and enumerated one by one from both versions; every other
 * attribute is partitioned by the predicates either version applies to that destination (`predicates.ts`,
 * `language.ts`). Cells are the product of the per-attribute atoms; a cell's requests all meet the same predicates
 * in both versions, so one representative decides for all of them.
 */
import { hostMatches } from "../ir/hosts.ts";
import {
  resourcesOf,
  serviceByFqdn,
  type AuthorizationPolicyNode,
  type GatewayNode,
  type MeshIR,
  type VirtualServiceNode,
} from "../ir/ir.ts";
import { isHttpProtocol } from "../ir/protocol.ts";
import { symbolicToken, type RequestJwt, type RequestSource, type SimRequest } from "../eval/index.ts";
import { sourceClasses, type SourceValue } from "./sources.ts";
import { literal, type Partition, type Universe } from "./language.ts";
import { addPolicy, addVirtualService, emptyPredicates, queryString } from "./predicates.ts";
import { cachedPartition, dimension, type Dimension } from "./atoms.ts";
import { tokenDimension } from "./tokens.ts";

export type { SourceValue } from "./sources.ts";
export { TooManyAtoms, type Dimension } from "./atoms.ts";

/** Where to: a host and port, as a request writes it, through the mesh's sidecars or one ingress gateway. */
export interface Destination {
  readonly key: string;
  /** `mesh` (sidecars, sidecar-less clients) or `namespace/name` of the Gateway the request enters through. */
  readonly via: string;
  /** The host as written (`reviews.bookinfo`), its FQDN (or the external host), and the port. */
  readonly host: string;
  readonly fqdn: string;
  readonly port: number;
  readonly scheme: "http" | "tcp";
  /** Other spellings of the host (FQDN, short name, with and without the port), for authority predicates. */
  readonly spellings: readonly string[];
  /** Through a gateway: the host patterns of its servers and bound VirtualServices, which decide between hosts. */
  readonly patterns?: readonly string[];
}

export interface DestinationSpace {
  readonly destination: Destination;
  /** One representative per source class (`sources.ts`); `members[i]` are the sources class `i` stands for. */
  readonly sources: readonly SourceValue[];
  readonly members: readonly (readonly SourceValue[])[];
  /** authority, method, path, header <name>..., query <name>..., jwt (absent for TCP). */
  readonly dimensions: readonly Dimension[];
  /** Predicates that could not be analysed exactly (their atoms are sampled). */
  readonly approximate: readonly string[];
  /** Whether a cell holds any request (when some do not: see `realisable`); every cell does when absent. */
  readonly realisable?: (cell: readonly number[]) => boolean;
}

const METHOD: Universe = {
  source: "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+",
  seeds: ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"],
};
/**
 * Paths after Istio's BASE normalization (no `.` or `..` segment, no `\`; percent-escapes left out: witnesses never
 * need them), so that the path a predicate sees is the path written.
 */
const PATH_CHAR = "0-9A-Za-z\\-_~!$&'()*+,;=:@";
const PATH: Universe = {
  source: `(?:/(?:[${PATH_CHAR}][${PATH_CHAR}.]*|\\.[${PATH_CHAR}][${PATH_CHAR}.]*|\\.\\.[${PATH_CHAR}.]+)?)+`,
  seeds: ["/", "/x"],
};
/** Header values: visible ASCII and inner spaces (no `"` or `\`, which the request syntax would have to escape). */
const HEADER: Universe = { source: "(?:[!#-\\[\\]-~](?:[ !#-\\[\\]-~]*[!#-\\[\\]-~])?)?", seeds: ["x", ""] };
/** Query values: no `&`, `=`, `#`, `%` or space. */
const QUERY: Universe = { source: "[0-9A-Za-z\\-._~!$'()*+,;:@/?]*", seeds: ["x", ""] };

// ---- sources and destinations ----------------------------------------------------------------------------------

/** Every source of either version: workloads (and, with a sidecar, bypassing it), `outside`. */
export function meshSources(before: MeshIR, after: MeshIR): SourceValue[] {
  const sidecar = new Map<string, boolean>();
  // Gateway pods carry requests as `ingress <gateway>` sources, not as workloads of their own.
  const gatewayPods = new Set(
    [before, after].flatMap((ir) => resourcesOf(ir, "gateway").flatMap((g) => g.selectedWorkloads)),
  );
  for (const ir of [before, after])
    for (const w of ir.workloads)
      if (!gatewayPods.has(w.id)) sidecar.set(w.id, (sidecar.get(w.id) ?? false) || w.sidecar);
  const out: SourceValue[] = [];
  for (const [id, hasSidecar] of [...sidecar].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [namespace, name] = [id.slice(0, id.indexOf("/")), id.slice(id.indexOf("/") + 1)];
    const source: RequestSource = { kind: "workload", namespace, name };
    out.push({ label: id, source, plaintext: false });
    if (hasSidecar) out.push({ label: `${id} (plaintext)`, source, plaintext: true });
  }
  out.push({ label: "outside", source: { kind: "outside" }, plaintext: false });
  return out;
}

/** The name a request's `from ingress` uses for a Gateway (a Gateway API gateway: its own name). */
function gatewayName(g: GatewayNode): string {
  return g.generatedFrom?.[0]?.replace(/^[A-Za-z]+\//, "") ?? `${g.meta.namespace}/${g.meta.name}`;
}

const concrete = (h: string): string => (h === "*" ? "any.example" : h.startsWith("*.") ? `x${h.slice(1)}` : h);

/** Destinations through the sidecars: every Service port, ServiceEntry host and port, external VirtualService host. */
export function meshDestinations(before: MeshIR, after: MeshIR): Destination[] {
  const out = new Map<string, Destination>();
  const add = (host: string, fqdn: string, port: number, http: boolean, spellings: string[]) => {
    const key = `mesh ${fqdn}:${port}`;
    const prev = out.get(key);
    out.set(key, {
      key,
      via: "mesh",
      host,
      fqdn,
      port,
      scheme: http || prev?.scheme === "http" ? "http" : "tcp",
      spellings,
    });
  };
  const known = new Set<string>();
  for (const ir of [before, after]) {
    for (const s of ir.services) {
      known.add(s.fqdn);
      for (const p of s.ports) {
        const short = `${s.name}.${s.namespace}`;
        const forms = [short, s.fqdn, `${short}.svc`, s.name];
        add(short, s.fqdn, p.port, isHttpProtocol(p.protocol), [
          ...forms.map((f) => `${f}:${p.port}`),
          ...(s.ports.length === 1 ? forms : []),
        ]);
      }
    }
    for (const e of resourcesOf(ir, "serviceEntry"))
      for (const h of e.hosts) {
        const host = concrete(h);
        known.add(host);
        for (const p of e.spec.ports ?? []) {
          const proto = (p.protocol ?? p.name).toUpperCase();
          const http = /^(HTTP|HTTP2|GRPC|GRPC-WEB)/.test(proto) || /^(http|grpc)/.test(p.name);
          add(host, host, p.number, http, [`${host}:${p.number}`, host]);
        }
      }
  }
  for (const ir of [before, after])
    for (const vs of resourcesOf(ir, "virtualService"))
      for (const h of vs.hosts)
        if (!h.includes("*") && !known.has(h) && vs.gateways.includes("mesh")) add(h, h, 80, true, [`${h}:80`, h]);
  // A host nothing declares: the outbound traffic policy decides (ALLOW_ANY passthrough or REGISTRY_ONLY).
  add("unlisted.example.org", "unlisted.example.org", 80, true, ["unlisted.example.org:80", "unlisted.example.org"]);
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** Ingress gateways of either version, and the hosts and ports their servers and bound VirtualServices name. */
export function ingressDestinations(
  before: MeshIR,
  after: MeshIR,
): { source: SourceValue; destinations: Destination[] }[] {
  const byGateway = new Map<string, Map<string, Destination>>();
  for (const ir of [before, after]) {
    for (const g of resourcesOf(ir, "gateway")) {
      const name = gatewayName(g);
      const dests = byGateway.get(name) ?? new Map<string, Destination>();
      byGateway.set(name, dests);
      const full = `${g.meta.namespace}/${g.meta.name}`;
      const bound = resourcesOf(ir, "virtualService").filter((vs) => vs.gateways.includes(full));
      // Every port a server of either version names, the default gateway's container ports (80→8080, 443→8443) and
      // the ports of the Services in front of its pods: a request to any other port is refused by both versions.
      const ports = new Set<number>([80, 8080, 443, 8443]);
      for (const server of g.spec.servers ?? []) ports.add(server.port.number);
      for (const svc of ir.services)
        if (svc.workloads.some((w) => g.selectedWorkloads.includes(w)))
          for (const p of svc.ports) ports.add(p.port).add(p.targetPort);
      const patterns = [
        ...(g.spec.servers ?? []).flatMap((server) => server.hosts.map((h) => h.slice(h.indexOf("/") + 1))),
        ...bound.flatMap((vs) => vs.hosts as readonly string[]),
      ];
      const hosts = new Set<string>(["unmatched.example.invalid", ...patterns.map(concrete)]);
      for (const port of ports)
        for (const host of hosts) {
          const key = `${name} ${host}:${port}`;
          const prev = dests.get(key)?.patterns ?? [];
          dests.set(key, {
            key,
            via: name,
            host,
            fqdn: host,
            port,
            scheme: "http",
            spellings: [`${host}:${port}`, host],
            patterns: [...new Set([...prev, ...patterns])],
          });
        }
    }
  }
  return [...byGateway]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, dests]) => {
      const slash = name.indexOf("/");
      return {
        source: {
          label: `ingress ${name}`,
          source: { kind: "ingress", namespace: name.slice(0, slash), gateway: name.slice(slash + 1) },
          plaintext: false,
        },
        destinations: [...dests.values()].sort((a, b) => (a.key < b.key ? -1 : 1)),
      };
    });
}

// ---- which configuration applies to a destination --------------------------------------------------------------

interface VirtualServiceIndex {
  /** VirtualServices by each of their (non-wildcard) hosts. */
  readonly byHost: ReadonlyMap<string, readonly VirtualServiceNode[]>;
  /** Those with a wildcard host or none (delegates): candidates for every destination. */
  readonly others: readonly VirtualServiceNode[];
  readonly order: ReadonlyMap<VirtualServiceNode, number>;
}
const vsIndexes = new WeakMap<MeshIR, VirtualServiceIndex>();

function vsIndex(ir: MeshIR): VirtualServiceIndex {
  let index = vsIndexes.get(ir);
  if (index === undefined) {
    const byHost = new Map<string, VirtualServiceNode[]>();
    const others: VirtualServiceNode[] = [];
    const order = new Map<VirtualServiceNode, number>();
    resourcesOf(ir, "virtualService").forEach((vs, i) => {
      order.set(vs, i);
      if (vs.hosts.length === 0 || vs.hosts.some((h) => h.includes("*"))) others.push(vs);
      else for (const h of vs.hosts) byHost.set(h, [...(byHost.get(h) ?? []), vs]);
    });
    vsIndexes.set(ir, (index = { byHost, others, order }));
  }
  return index;
}

/** The VirtualServices that may route a destination (delegates, which have no hosts, always), in IR order. */
export function virtualServicesFor(ir: MeshIR, d: Destination): VirtualServiceNode[] {
  const index = vsIndex(ir);
  const candidates = [...new Set([...(index.byHost.get(d.fqdn) ?? []), ...index.others])].sort(
    (a, b) => index.order.get(a)! - index.order.get(b)!,
  );
  return candidates.filter(
    (vs) =>
      vs.hosts.length === 0 ||
      ((d.via === "mesh" ? vs.gateways.includes("mesh") : vs.gateways.some((g) => gatewayMatches(ir, g, d.via))) &&
        vs.hosts.some((h) => hostMatches(h, d.fqdn) || hostMatches(d.fqdn, h))),
  );
}

function gatewayMatches(ir: MeshIR, full: string, name: string): boolean {
  const g = resourcesOf(ir, "gateway").find((x) => `${x.meta.namespace}/${x.meta.name}` === full);
  return g !== undefined && gatewayName(g) === name;
}

/**
 * The workloads that may serve a destination's requests: those of its Service and of every host its
 * VirtualServices route to, plus (through a gateway) the gateway's pods; and their namespaces.
 */
export function serverWorkloads(ir: MeshIR, d: Destination, vss: readonly VirtualServiceNode[]): Set<string> {
  const hosts = new Set<string>([d.fqdn, ...vss.flatMap((vs) => vs.destinations.map((x) => x.host as string))]);
  const out = new Set<string>();
  for (const h of hosts) for (const w of serviceByFqdn(ir, h)?.workloads ?? []) out.add(w);
  if (d.via !== "mesh")
    for (const g of resourcesOf(ir, "gateway"))
      if (gatewayName(g) === d.via) for (const w of g.selectedWorkloads) out.add(w);
  return out;
}

/** The AuthorizationPolicies whose scope may cover one of these workloads (any gateway pod, through a gateway). */
export function policiesFor(
  ir: MeshIR,
  workloads: ReadonlySet<string>,
  viaGateway: boolean,
): AuthorizationPolicyNode[] {
  const namespaces = new Set([...workloads].map((w) => w.slice(0, w.indexOf("/"))));
  return resourcesOf(ir, "authorizationPolicy").filter((p) => {
    switch (p.scope.kind) {
      case "mesh":
        return true;
      case "namespace":
        return namespaces.has(p.scope.namespace) || viaGateway;
      case "workloads":
        return p.scope.workloads.some((w) => workloads.has(w)) || viaGateway;
      case "targetRefs":
        return true;
    }
  });
}

// ---- the partition -----------------------------------------------------------------------------------------------

/** The space of one destination: its sources and the partition of each attribute by both versions' predicates. */
export function destinationSpace(
  before: MeshIR,
  after: MeshIR,
  d: Destination,
  sources: readonly SourceValue[],
  maxAtoms = 512,
): DestinationSpace {
  const versions = [before, after].map((ir) => {
    const vss = virtualServicesFor(ir, d);
    const servers = serverWorkloads(ir, d, vss);
    return { ir, vss, servers, policies: policiesFor(ir, servers, d.via !== "mesh") };
  });
  const members = sourceClasses(d, sources, versions);
  const representatives = members.map((m) => m[0]!);
  if (d.scheme === "tcp") return { destination: d, sources: representatives, members, dimensions: [], approximate: [] };
  const preds = emptyPredicates();
  for (const v of versions) {
    for (const vs of v.vss) addVirtualService(preds, vs);
    for (const p of v.policies) addPolicy(preds, p);
  }
  const dims: Dimension[] = [];
  const parts: Partition[] = [];
  const keep = (name: string, p: Partition | "too-many", absent: boolean) => {
    const dim = dimension(name, p, absent);
    if (p !== "too-many") parts.push(p);
    if (dim.atoms.length > 1 || name === "method" || name === "path") dims.push(dim);
  };
  if (preds.authorities.length > 0) {
    const authority: Universe = { source: `(?:${d.spellings.map(literal).join("|")})`, seeds: d.spellings };
    keep("authority", cachedPartition(authority, "authority", preds.authorities, maxAtoms), false);
  }
  keep("method", cachedPartition(METHOD, "method", preds.methods, maxAtoms), false);
  keep("path", cachedPartition(PATH, "path", preds.paths, maxAtoms), false);
  for (const [name, list] of [...preds.headers].sort(([a], [b]) => (a < b ? -1 : 1)))
    keep(`header ${name}`, cachedPartition(HEADER, "header", list, maxAtoms), true);
  for (const [name, list] of [...preds.query].sort(([a], [b]) => (a < b ? -1 : 1)))
    keep(`query ${name}`, cachedPartition(QUERY, "query", list, maxAtoms), true);
  // The token, last (tokens.ts): absent when no RequestAuthentication can verify one on the way.
  const jwt = tokenDimension(versions, d.via !== "mesh", preds.headers, maxAtoms);
  if (jwt !== undefined) dims.push(jwt);
  return {
    destination: d,
    sources: representatives,
    members,
    dimensions: dims,
    approximate: [...new Set(parts.flatMap((p) => p.approximate.map((x) => x.label)))],
    ...realisable(dims),
  };
}

/**
 * A `jwt` clause replaces the request's `Authorization` header (request.ts `httpView`): where a predicate reads that
 * header too, a cell with a token and another header atom than the token's own holds no request, and is skipped.
 */
function realisable(dims: readonly Dimension[]): Pick<DestinationSpace, "realisable"> {
  const a = dims.findIndex((x) => x.name === "header authorization");
  const j = dims.findIndex((x) => x.name === "jwt");
  if (a < 0 || j < 0) return {};
  return {
    realisable: (cell) => {
      const token = dims[j]!.atoms[cell[j + 1]!]!.jwt;
      return token === undefined || cell[a + 1] === dims[a]!.atomOf(`Bearer ${symbolicToken(token)}`);
    },
  };
}

/** The representative request of a cell: `cell[0]` indexes the sources, `cell[i + 1]` dimension `i`'s atoms. */
export function cellRequest(space: DestinationSpace, cell: readonly number[]): SimRequest {
  const d = space.destination;
  const src = space.sources[cell[0]!]!;
  let host = d.host;
  let port: number | undefined = d.port;
  let method = d.scheme === "tcp" ? "" : "GET";
  let path = d.scheme === "tcp" ? "" : "/";
  const headers: Record<string, string> = {};
  const query = new Map<string, string>();
  let jwt: RequestJwt | undefined;
  space.dimensions.forEach((dim, i) => {
    const v = dim.atoms[cell[i + 1]!]!.value;
    if (dim.name === "jwt") jwt = dim.atoms[cell[i + 1]!]!.jwt;
    if (dim.name === "authority") {
      const colon = v!.lastIndexOf(":");
      const explicit = colon > 0 && /^\d+$/.test(v!.slice(colon + 1));
      host = explicit ? v!.slice(0, colon) : v!;
      port = explicit ? Number(v!.slice(colon + 1)) : undefined;
    } else if (dim.name === "method") method = v!;
    else if (dim.name === "path") path = v!;
    else if (dim.name.startsWith("header ") && v !== undefined) headers[dim.name.slice(7)] = v;
    else if (dim.name.startsWith("query ") && v !== undefined) query.set(dim.name.slice(6), v);
  });
  return {
    method,
    scheme: d.scheme,
    host,
    port,
    path,
    query: queryString(query),
    headers,
    source: src.source,
    plaintext: src.plaintext,
    ...(jwt === undefined ? {} : { jwt }),
  };
}

/** How many cells the space has (sources × every dimension's atoms). */
export function cellCount(space: DestinationSpace): number {
  return space.dimensions.reduce((n, d) => n * d.atoms.length, space.sources.length);
}
