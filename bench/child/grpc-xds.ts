/**
 * The baseline evaluator: @grpc/grpc-js-xds's own route matcher and RBAC engine (see
 * ../shared/reference/grpc-js-xds.md §2), fed meshc's emitted Envoy config for the client and server workloads.
 * Config is decoded and parsed once (what grpc-js does on an xDS update); a decision is vhost selection, first
 * matching route, the weighted-cluster pick, and the server's RBAC filters in order.
 */
import { createRequire } from "node:module";
import { RouteConfiguration } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route.ts";
import type { Listener } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import { HttpConnectionManager } from "../../compiler/emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { RBAC } from "../../compiler/emit/envoy/gen/envoy/extensions/filters/http/rbac/v3/rbac.ts";

const require = createRequire(import.meta.url);
const base = "@grpc/grpc-js-xds/build/src";

/** A RouteConfiguration as grpc-js-xds decodes it (proto-loader objects, field names as in the .proto). */
interface DecodedRouteConfiguration {
  virtual_hosts: {
    domains: string[];
    routes: {
      match: unknown;
      route?: { cluster?: string; weighted_clusters?: { clusters: { name: string; weight: { value: number } }[] } };
    }[];
  }[];
}
/** A protobufjs message type, as proto-loader's `loadProtosWithOptionsSync` root gives it. */
interface ProtobufType {
  decode(bytes: Uint8Array): object;
  toObject(message: object, options: object): { rules?: unknown };
}

// grpc-js-xds's internal modules are not part of its typed API: each require states the part of it we call.
const { decodeSingleResource, RDS_TYPE_URL } = require(`${base}/resources`) as {
  decodeSingleResource: (typeUrl: string, bytes: Uint8Array) => DecodedRouteConfiguration;
  RDS_TYPE_URL: string;
};
const { getPredicateForMatcher } = require(`${base}/route`) as {
  getPredicateForMatcher: (match: unknown) => Predicate;
};
const { findVirtualHostForDomain } = require(`${base}/xds-dependency-manager`) as {
  findVirtualHostForDomain: <V extends { domains: string[] }>(vhosts: readonly V[], domain: string) => V | null;
};
const rbac = require(`${base}/rbac`) as { parseConfig(rules: unknown): Group };
const { Metadata } = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const { loadProtosWithOptionsSync } = require("@grpc/proto-loader/build/src/util") as {
  loadProtosWithOptionsSync: (
    files: string[],
    options: { keepCase: boolean; includeDirs: string[] },
  ) => { lookupType(name: string): ProtobufType };
};

const depsDir = require.resolve(`${base}/resources`).replace(/build\/src\/resources\.js$/, "deps/");
const rbacRoot = loadProtosWithOptionsSync(["envoy/extensions/filters/http/rbac/v3/rbac.proto"], {
  keepCase: true,
  includeDirs: ["envoy-api/", "xds/", "googleapis/", "protoc-gen-validate/"].map((d) => depsDir + d),
});
const RbacType = rbacRoot.lookupType("envoy.extensions.filters.http.rbac.v3.RBAC");
const toObject = { longs: String, enums: String, defaults: true, oneofs: true };

interface Predicate {
  apply(path: string, md: unknown): boolean;
}
interface ParsedRoute {
  predicate: Predicate;
  clusters: { name: string; weight: number }[];
}
interface Group {
  apply(info: unknown): boolean;
}

/** A client's parsed route table (one RouteConfiguration). */
export interface XdsRouteTable {
  vhosts: { domains: string[]; routes: ParsedRoute[] }[];
}

export function parseRouteTable(rc: RouteConfiguration): XdsRouteTable {
  const decoded = decodeSingleResource(RDS_TYPE_URL, RouteConfiguration.toBinary(rc));
  return {
    vhosts: decoded.virtual_hosts.map((vh) => ({
      domains: vh.domains,
      routes: vh.routes.map((r) => ({
        predicate: getPredicateForMatcher(r.match),
        clusters: r.route?.weighted_clusters
          ? r.route.weighted_clusters.clusters.map((c) => ({ name: c.name, weight: c.weight?.value ?? 0 }))
          : [{ name: r.route?.cluster ?? "", weight: 1 }],
      })),
    })),
  };
}

/** The RBAC filters of a server's inbound HTTP listener, in filter order, parsed by grpc-js-xds. */
export function parseRbacFilters(listener: Listener): Group[] {
  const groups: Group[] = [];
  for (const chain of listener.filterChains) {
    for (const f of chain.filters) {
      if (
        f.configType.oneofKind !== "typedConfig" ||
        !f.configType.typedConfig.typeUrl.endsWith("HttpConnectionManager")
      )
        continue;
      const hcm = HttpConnectionManager.fromBinary(f.configType.typedConfig.value);
      for (const hf of hcm.httpFilters) {
        if (hf.configType.oneofKind !== "typedConfig" || !hf.configType.typedConfig.typeUrl.endsWith("rbac.v3.RBAC"))
          continue;
        const msg = RBAC.fromBinary(hf.configType.typedConfig.value);
        if (!msg.rules) continue;
        const obj = RbacType.toObject(RbacType.decode(RBAC.toBinary(msg)), toObject);
        groups.push(rbac.parseConfig(obj.rules));
      }
      if (groups.length > 0) return groups; // the first HTTP chain (mTLS) is the one a mesh client hits
    }
  }
  return groups;
}

export interface XdsDecisionInput {
  readonly table: XdsRouteTable;
  readonly rbac: readonly Group[];
  readonly authority: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly principal: string;
  readonly method: string;
}

/** Prepared per-request state (grpc-js builds Metadata and the RBAC info once per call too). */
export function prepare(input: XdsDecisionInput) {
  const md = new Metadata();
  for (const [k, v] of Object.entries(input.headers)) md.set(k, v);
  const rbacMd = md.clone();
  rbacMd.set(":method", input.method);
  rbacMd.set(":authority", input.authority);
  rbacMd.set(":path", input.path);
  const info = {
    destinationIp: "10.0.0.2",
    destinationPort: 8080,
    sourceIp: "10.0.0.1",
    headers: rbacMd,
    tls: true,
    peerCertificate: { subjectaltname: `URI:spiffe://${input.principal}`, subject: {} },
    urlPath: input.path,
  };
  return { ...input, md, info };
}

/** One decision: route (vhost, first match, weighted pick by a fixed draw) then RBAC. Returns the cluster or "403"/"404". */
export function decide(p: ReturnType<typeof prepare>, draw: number): string {
  const vh = findVirtualHostForDomain(p.table.vhosts, p.authority);
  if (!vh) return "404";
  const route = vh.routes.find((r) => r.predicate.apply(p.path, p.md));
  if (!route) return "404";
  const total = route.clusters.reduce((s, c) => s + c.weight, 0);
  let x = draw * total;
  let cluster = route.clusters[route.clusters.length - 1]!.name;
  for (const c of route.clusters) {
    if (x < c.weight) {
      cluster = c.name;
      break;
    }
    x -= c.weight;
  }
  for (const g of p.rbac) if (!g.apply(p.info)) return "403";
  return cluster;
}
