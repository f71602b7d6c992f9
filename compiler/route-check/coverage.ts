/**
 * Route coverage as the router_check_tool computes it (test/tools/router_check/coverage.cc):
 * - the denominator counts every route, a `weighted_clusters` route once per cluster entry;
 * - a route entry (each weighted entry apart) is covered once any of its assertions *passed*; by default the
 *   coverage is covered entries / routes (`Coverage::report`);
 * - `--covall` (`comprehensiveReport`): each covered entry contributes the fraction of its fields asserted — cluster,
 *   virtual cluster, virtual host, path rewrite, host rewrite for route entries; redirect path and redirect code
 *   for direct responses — and every route without any passing assertion is listed with its match in text format;
 * - `--detailed-coverage` lists uncovered routes by (uniquified) name.
 */
import type { RouteConfiguration } from "../emit/envoy/gen/envoy/config/route/v3/route.ts";
import { RouteMatch } from "../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { printTextFormat } from "./text-format.ts";

export type RouteField =
  | "cluster"
  | "virtualCluster"
  | "virtualHost"
  | "pathRewrite"
  | "hostRewrite"
  | "redirectPath"
  | "redirectCode";

const ROUTE_FIELDS: readonly RouteField[] = ["cluster", "virtualCluster", "virtualHost", "pathRewrite", "hostRewrite"];
const DIRECT_FIELDS: readonly RouteField[] = ["redirectPath", "redirectCode"];

/** What a passing assertion covers: a route entry (`vhost/route/weighted index`) or a direct response. */
export interface CoverageTarget {
  readonly key: string;
  /** The route's uniquified name (`<name>-<uuid>`), "" for the require_tls redirect. */
  readonly routeName: string;
  readonly direct: boolean;
}

export class RouteCoverage {
  private readonly covered = new Map<string, { name: string; direct: boolean; fields: Set<RouteField> }>();

  constructor(
    private readonly config: RouteConfiguration,
    /** Uniquified route names, `[vhost][route]`. */
    private readonly names: readonly (readonly string[])[],
  ) {}

  mark(target: CoverageTarget, field: RouteField): void {
    let c = this.covered.get(target.key);
    if (c === undefined)
      this.covered.set(target.key, (c = { name: target.routeName, direct: target.direct, fields: new Set() }));
    c.fields.add(field);
  }

  private routeCount(): number {
    let n = 0;
    for (const vh of this.config.virtualHosts) {
      for (const r of vh.routes) {
        n +=
          r.action.oneofKind === "route" && r.action.route.clusterSpecifier.oneofKind === "weightedClusters"
            ? r.action.route.clusterSpecifier.weightedClusters.clusters.length
            : 1;
      }
    }
    return n;
  }

  private coveredNames(): Set<string> {
    return new Set([...this.covered.values()].map((c) => c.name));
  }

  /** `Coverage::report`: percent of route entries with a passing assertion; `detailed` lists the others by name. */
  report(detailed: boolean): { percent: number; lines: string[] } {
    const lines = detailed
      ? this.missing((host, _r, name) => `Missing test for host: ${host}, route name: ${name}`)
      : [];
    return { percent: (100 * this.covered.size) / this.routeCount(), lines };
  }

  /** `Coverage::comprehensiveReport`: field-weighted coverage, and the routes with no passing assertion. */
  comprehensiveReport(): { percent: number; lines: string[] } {
    let sum = 0;
    for (const c of this.covered.values()) {
      const all = c.direct ? DIRECT_FIELDS : ROUTE_FIELDS;
      sum += all.filter((f) => c.fields.has(f)).length / all.length;
    }
    const lines = this.missing(
      (host, r) =>
        `Missing test for host: ${host}, route: ${printTextFormat(RouteMatch, r.match ?? RouteMatch.create())}`,
    );
    return { percent: (100 * sum) / this.routeCount(), lines };
  }

  private missing(
    line: (host: string, route: RouteConfiguration["virtualHosts"][number]["routes"][number], name: string) => string,
  ): string[] {
    const covered = this.coveredNames();
    const out: string[] = [];
    this.config.virtualHosts.forEach((vh, i) =>
      vh.routes.forEach((r, j) => {
        const name = this.names[i]?.[j] ?? "";
        if (!covered.has(name)) out.push(line(vh.name, r, name));
      }),
    );
    return out;
  }
}

/** `<name>-<uuid>` for every route, as `RouterCheckTool::assignUniqueRouteNames`; the UUIDs are deterministic here. */
export function uniqueRouteNames(config: RouteConfiguration): string[][] {
  let n = 0;
  return config.virtualHosts.map((vh) =>
    vh.routes.map((r) => `${r.name}-00000000-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}`),
  );
}

/** A double as C++ `std::cout << d` prints it (6 significant digits, trailing zeros dropped). */
export function formatDouble(d: number): string {
  return String(Number(d.toPrecision(6)));
}
