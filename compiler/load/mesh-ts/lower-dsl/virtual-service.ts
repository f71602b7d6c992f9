/**
 * `routes(svc, ...)` and `virtualService(name, ...)` → VirtualService. Routes keep their declared order (the first
 * match wins); typed references become FQDN hosts, subsets and port numbers.
 * https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
import {
  isVirtualService,
  type Delegate,
  type HttpMatch,
  type HttpRoute,
  type RouteDestination,
  type TcpMatch,
  type TcpRoute,
  type TlsMatch,
  type TlsRoute,
  type VirtualService,
} from "../../../../stdlib/index.ts";
import { destinationOf, gatewayName, hostOf, nsName, percent } from "./_refs.ts";
import { clean, meta, type LoweredDoc, type Origin, type PendingDiagnostic } from "./_types.ts";

interface Ctx {
  readonly namespace: string;
  readonly problems: PendingDiagnostic[];
  readonly origin: Origin;
}

function lowerMatch(m: HttpMatch | TlsMatch | TcpMatch, ctx: Ctx): Record<string, unknown> {
  return {
    ...m,
    sourceNamespace: m.sourceNamespace === undefined ? undefined : nsName(m.sourceNamespace),
    gateways: m.gateways?.map((g) => gatewayName(g, ctx.namespace)),
  };
}

function lowerDelegate(d: Delegate): Record<string, unknown> {
  if (isVirtualService(d)) return { name: d.name, namespace: d.namespace };
  return { name: d.name, namespace: d.namespace === undefined ? undefined : nsName(d.namespace) };
}

function lowerHttp(r: HttpRoute, i: number, ctx: Ctx): Record<string, unknown> {
  const at: Origin = { site: ctx.origin.site, argPath: [...ctx.origin.argPath, "http", i] };
  const dest = (d: Parameters<typeof destinationOf>[0]) => destinationOf(d, ctx.problems, at);
  const fault = r.fault && {
    delay: r.fault.delay && { ...r.fault.delay, percentage: percent(r.fault.delay.percentage) },
    abort: r.fault.abort && { ...r.fault.abort, percentage: percent(r.fault.abort.percentage) },
  };
  return {
    ...r,
    match: r.match?.map((m) => lowerMatch(m, ctx)),
    route: r.route?.map((d) => ({ ...d, destination: dest(d.destination) })),
    delegate: r.delegate && lowerDelegate(r.delegate),
    fault,
    mirror: r.mirror === undefined ? undefined : dest(r.mirror),
    mirrorPercentage: percent(r.mirrorPercentage),
    mirrors: r.mirrors?.map((m) => ({ destination: dest(m.destination), percentage: percent(m.percentage) })),
  };
}

function lowerL4(r: TlsRoute | TcpRoute, kind: "tls" | "tcp", i: number, ctx: Ctx): Record<string, unknown> {
  const at: Origin = { site: ctx.origin.site, argPath: [...ctx.origin.argPath, kind, i] };
  return {
    match: r.match?.map((m) => lowerMatch(m, ctx)),
    route: r.route.map((d: RouteDestination) => ({
      ...d,
      destination: destinationOf(d.destination, ctx.problems, at),
    })),
  };
}

/** VirtualService `<name>` with `hosts` as FQDNs and `gateways` as `name` or `namespace/name`. */
export function lowerVirtualService(vs: VirtualService, problems: PendingDiagnostic[]): LoweredDoc[] {
  const p = vs.props;
  const origin: Origin = { site: vs.site, argPath: [1] };
  const ctx: Ctx = { namespace: vs.namespace, problems, origin };
  const object = clean({
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: meta(vs.name, vs.namespace),
    spec: {
      hosts: p.hosts.map(hostOf),
      gateways: p.gateways?.map((g) => gatewayName(g, vs.namespace)),
      http: p.http?.map((r, i) => lowerHttp(r, i, ctx)),
      tls: p.tls?.map((r, i) => lowerL4(r, "tls", i, ctx)),
      tcp: p.tcp?.map((r, i) => lowerL4(r, "tcp", i, ctx)),
      exportTo: p.exportTo,
    },
  });
  return [
    { object, origin: { site: vs.site, argPath: [] }, fields: [{ path: ["spec"], site: vs.site, argPath: [1] }] },
  ];
}
