// The listener filters of an inbound listener, derived from its filter chains as istiod does
// (istio pilot/pkg/networking/core/listener_inbound.go `populateListenerFilters`, `buildTLSInspector`,
// `buildHTTPInspector`, `listenerPredicateExcludePorts` / `listenerPredicateIncludePorts`): per destination port (0 for
// chains without one), the TLS inspector is needed when a chain matches transport protocol `tls`, the HTTP inspector
// when a chain matches ALPN `http/1.1` or `h2c`; each inspector is then enabled on exactly the ports that need it, so a
// DISABLE port's TLS bytes are never recognised as TLS and reach its raw_buffer chains.
import type { IMessageType } from "@protobuf-ts/runtime";
import {
  ListenerFilter,
  ListenerFilterChainMatchPredicate,
  type FilterChain,
} from "../gen/envoy/config/listener/v3/listener_components.ts";
import { HttpInspector } from "../gen/envoy/extensions/filters/listener/http_inspector/v3/http_inspector.ts";
import { OriginalDst } from "../gen/envoy/extensions/filters/listener/original_dst/v3/original_dst.ts";
import { TlsInspector } from "../gen/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.ts";
import { packAny } from "../registry.ts";

const filter = <T extends object>(
  name: string,
  type: IMessageType<T>,
  message: T,
  filterDisabled?: ListenerFilterChainMatchPredicate,
): ListenerFilter =>
  ListenerFilter.create({
    name,
    configType: { oneofKind: "typedConfig", typedConfig: packAny(type, message) },
    ...(filterDisabled === undefined ? {} : { filterDisabled }),
  });

/** `listenerPredicateExcludePorts`: matches the given ports (so the filter is disabled on them). */
function excludePorts(ports: readonly number[]): ListenerFilterChainMatchPredicate {
  const ranges = ports.map((p) =>
    ListenerFilterChainMatchPredicate.create({
      rule: { oneofKind: "destinationPortRange", destinationPortRange: { start: p, end: p + 1 } },
    }),
  );
  if (ranges.length > 1)
    return ListenerFilterChainMatchPredicate.create({ rule: { oneofKind: "orMatch", orMatch: { rules: ranges } } });
  return ranges[0]!;
}

/** `listenerPredicateIncludePorts`: matches every port but the given ones. */
const includePorts = (ports: readonly number[]): ListenerFilterChainMatchPredicate =>
  ListenerFilterChainMatchPredicate.create({ rule: { oneofKind: "notMatch", notMatch: excludePorts(ports) } });

interface Needs {
  tls: boolean;
  http: boolean;
}

/** Per destination port (0: chains without one), which inspectors its chains need. */
function inspectorsByPort(chains: readonly FilterChain[]): Map<number, Needs> {
  const out = new Map<number, Needs>();
  for (const fc of chains) {
    const port = fc.filterChainMatch?.destinationPort?.value ?? 0;
    const needs = out.get(port) ?? { tls: false, http: false };
    needs.tls ||= fc.filterChainMatch?.transportProtocol === "tls";
    needs.http ||= (fc.filterChainMatch?.applicationProtocols ?? []).some((a) => a === "http/1.1" || a === "h2c");
    out.set(port, needs);
  }
  return out;
}

const sortedPorts = (m: Map<number, Needs>, pick: (n: Needs, port: number) => boolean) =>
  [...m]
    .filter(([port, n]) => pick(n, port))
    .map(([port]) => port)
    .sort((a, b) => a - b);

/** `buildTLSInspector`: on by default (opting ports out) when the port-less chains need it, else only on the ports that do. */
function tlsInspector(inspectors: Map<number, Needs>): ListenerFilter {
  const defaultEnabled = inspectors.get(0)?.tls ?? false;
  const ports = sortedPorts(inspectors, (n, port) => port !== 0 && n.tls !== defaultEnabled);
  if (ports.length === 0) return filter("envoy.filters.listener.tls_inspector", TlsInspector, TlsInspector.create());
  return filter(
    "envoy.filters.listener.tls_inspector",
    TlsInspector,
    TlsInspector.create(),
    defaultEnabled ? excludePorts(ports) : includePorts(ports),
  );
}

/** `buildHTTPInspector`: disabled on every port (0 included) whose chains do not need it. */
function httpInspector(inspectors: Map<number, Needs>): ListenerFilter {
  const ports = sortedPorts(inspectors, (n) => !n.http);
  return filter(
    "envoy.filters.listener.http_inspector",
    HttpInspector,
    HttpInspector.create(),
    ports.length === 0 ? undefined : excludePorts(ports),
  );
}

/**
 * `populateListenerFilters` for the redirected (not bound) inbound listener: original_dst, then the TLS inspector,
 * then the HTTP inspector (after TLS, so TLS traffic is not sniffed as HTTP), each only if some port needs it.
 */
export function inboundListenerFilters(chains: readonly FilterChain[]): ListenerFilter[] {
  const inspectors = inspectorsByPort(chains);
  const needs = (pick: (n: Needs) => boolean) => [...inspectors.values()].some(pick);
  return [
    filter("envoy.filters.listener.original_dst", OriginalDst, OriginalDst.create()),
    ...(needs((n) => n.tls) ? [tlsInspector(inspectors)] : []),
    ...(needs((n) => n.http) ? [httpInspector(inspectors)] : []),
  ];
}
