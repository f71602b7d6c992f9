// The Listener an xDS-enabled gRPC server (gRFC A36, grpc-js `XdsServer`) watches for its listening address, as
// istiod's gRPC generator builds it (istio pilot/pkg/networking/grpcgen/lds.go `buildInboundListeners`,
// `buildInboundFilterChains`, `buildInboundFilterChain`, `buildRBAC`).
import type { AuthorizationPolicyNode, MeshIR, WorkloadNode } from "../../../ir/ir.ts";
import { composePeerAuthentication, type ServerMode } from "../../../ir/peer-authentication.ts";
import { authzOptionsFromIR, policiesForWorkload, splitByAction } from "../authz/index.ts";
import { buildRules } from "../authz/rbac-rules.ts";
import type { RBAC as RbacRules } from "../gen/envoy/config/rbac/v3/rbac.ts";
import { Address, SocketAddress } from "../gen/envoy/config/core/v3/address.ts";
import { Listener } from "../gen/envoy/config/listener/v3/listener.ts";
import { Filter, FilterChain } from "../gen/envoy/config/listener/v3/listener_components.ts";
import { RouteConfiguration } from "../gen/envoy/config/route/v3/route.ts";
import { NonForwardingAction, Route, RouteMatch, VirtualHost } from "../gen/envoy/config/route/v3/route_components.ts";
import { RBAC } from "../gen/envoy/extensions/filters/http/rbac/v3/rbac.ts";
import { Router } from "../gen/envoy/extensions/filters/http/router/v3/router.ts";
import {
  HttpConnectionManager,
  HttpFilter,
} from "../gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { inboundPorts } from "../inbound/index.ts";
import { packAny } from "../registry.ts";
import { parseServerListenerName } from "./names.ts";

/** grpcgen's filter names: the DENY filter first, then ALLOW (gRPC supports only these two actions). */
export const RBAC_DENY_FILTER = "envoy.filters.http.rbac.DENY";
export const RBAC_ALLOW_FILTER = "envoy.filters.http.rbac";

/** A server Listener, and what of the mesh's intent it could not express (for the control plane's log). */
export interface ServerListener {
  readonly listener: Listener;
  readonly warnings: readonly string[];
}

function rbacFilter(name: string, rules: RbacRules | undefined): HttpFilter[] {
  if (rules === undefined || Object.keys(rules.policies).length === 0) return [];
  return [
    HttpFilter.create({
      name,
      configType: { oneofKind: "typedConfig", typedConfig: packAny(RBAC, RBAC.create({ rules })) },
    }),
  ];
}

/**
 * `buildInboundFilterChain`: one chain without a match, one HCM whose inline route config `inbound` sends every
 * request to the server itself (`non_forwarding_action`; any other action fails RPCs with UNAVAILABLE), and the
 * HTTP filters RBAC DENY, RBAC ALLOW, router. The RBAC rules are the sidecar's (authz builder, `authenticated`
 * principals as grpcgen asks with `useAuthenticated`); dry-run policies are not enforced, as on a sidecar.
 */
function plaintextChain(policies: readonly AuthorizationPolicyNode[], ir: MeshIR): FilterChain {
  const split = splitByAction(policies);
  const bundle = authzOptionsFromIR(ir).trustDomainBundle;
  const httpFilters = [
    ...rbacFilter(RBAC_DENY_FILTER, buildRules(split.deny, "DENY", bundle, false, false)?.rules),
    ...rbacFilter(RBAC_ALLOW_FILTER, buildRules(split.allow, "ALLOW", bundle, false, false)?.rules),
    HttpFilter.create({
      name: "envoy.filters.http.router",
      configType: { oneofKind: "typedConfig", typedConfig: packAny(Router, Router.create()) },
    }),
  ];
  const route = Route.create({
    match: RouteMatch.create({ pathSpecifier: { oneofKind: "prefix", prefix: "/" } }),
    action: { oneofKind: "nonForwardingAction", nonForwardingAction: NonForwardingAction.create() },
  });
  const routeConfig = RouteConfiguration.create({
    name: "inbound",
    virtualHosts: [VirtualHost.create({ name: "inbound", domains: ["*"], routes: [route] })],
  });
  const hcm = HttpConnectionManager.create({
    statPrefix: "inbound",
    routeSpecifier: { oneofKind: "routeConfig", routeConfig },
    httpFilters,
  });
  return FilterChain.create({
    name: "inbound-plaintext",
    filters: [
      Filter.create({
        name: "inbound-hcm-plaintext",
        configType: { oneofKind: "typedConfig", typedConfig: packAny(HttpConnectionManager, hcm) },
      }),
    ],
  });
}

/**
 * The Listener `grpc/server?xds.resource.listening_address=IP:PORT` for `workload`, or undefined when the name is
 * not a server listener name or PORT is not a target port of the workload's services (grpcgen: "has no service
 * instance for port"). Like istiod, the IP is echoed as requested. The mTLS mode of the port decides the chain:
 * DISABLE and PERMISSIVE serve plaintext (grpcgen: gRPC cannot sniff, PERMISSIVE degrades to plaintext); STRICT would
 * need gRPC xDS credentials (gRFC A29), which meshc does not configure, so the listener gets no filter chain and
 * every connection is refused: it fails closed, as a sidecar in STRICT mode refuses a plaintext client.
 * CUSTOM and AUDIT policies cannot be expressed for gRPC (it rejects `LOG` and has no ext_authz) and are reported.
 */
export function serverListener(ir: MeshIR, workload: WorkloadNode, name: string): ServerListener | undefined {
  const address = parseServerListenerName(name);
  if (address === undefined) return undefined;
  const port = inboundPorts(ir, workload).find((p) => p.targetPort === address.port);
  if (port === undefined) return undefined;
  const pa = composePeerAuthentication(ir, workload);
  const mode: ServerMode = (pa.perPort.get(port.targetPort) ?? pa).mode;
  const policies = policiesForWorkload(ir, workload);
  const warnings: string[] = [];
  for (const p of policies) {
    if (p.action === "CUSTOM" || p.action === "AUDIT") {
      warnings.push(
        `AuthorizationPolicy ${p.meta.namespace}/${p.meta.name} (${p.action}) is not enforced by proxyless gRPC servers.`,
      );
    }
  }
  if (!workload.addresses.includes(address.host)) {
    warnings.push(`${name}: ${address.host} is not a known address of ${workload.id}.`);
  }
  if (mode === "STRICT") {
    warnings.push(
      `${name}: port ${port.targetPort} is STRICT mTLS, which meshc does not configure for proxyless gRPC; every connection is refused.`,
    );
  }
  const listener = Listener.create({
    name,
    address: Address.create({
      address: {
        oneofKind: "socketAddress",
        socketAddress: SocketAddress.create({
          address: address.host,
          portSpecifier: { oneofKind: "portValue", portValue: address.port },
        }),
      },
    }),
    filterChains: mode === "STRICT" ? [] : [plaintextChain(policies, ir)],
  });
  return { listener, warnings };
}
