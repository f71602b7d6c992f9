/**
 * An `ingress <ns>/<gateway>` request, evaluated on the router configuration meshc emits for the gateway proxy
 * (compiler/emit/envoy/gateway): the client (outside the mesh, plaintext) connects to the gateway Service's port,
 * which the pod listens on as `0.0.0.0_<targetPort>` (istio model/gateway.go `resolvePorts`); the listener's HTTP
 * connection manager runs the gateway's RBAC filters (AuthorizationPolicies selecting the gateway pod), then RDS
 * `http.<port>` picks the route (gateway.go `buildGatewayHTTPRouteConfig`), and the gateway's clusters take the
 * request to the servers' sidecars with the gateway's identity. No listener on the port: the connection is refused
 * (status 0), as in the Istio engine.
 */
import type { HttpView, Target } from "../../_shared/model.ts";
import type { HttpConnectionManager } from "../../../emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import type { AuthzDecision, Outcome } from "../../types.ts";
import { HeaderMap } from "../route/header-map.ts";
import { runHttpFilters } from "./authz.ts";
import { jwtCoverage } from "./jwt-coverage.ts";
import { JWT_STATUS, requestPrincipalOf, statusCode } from "../../_shared/jwt.ts";
import { viaRoutes, type Routed } from "./client.ts";
import type { GatewayProxyConfig } from "./config.ts";
import { chainHcm, handshake, selectFilterChain } from "./inbound.ts";
import type { EngineContext } from "./upstream.ts";
import { hcmDownstream } from "../../_shared/xff.ts";

const refused = (error: string): Routed => ({
  route: null,
  timeout: null,
  retries: null,
  outcomes: [
    { probability: 1, status: 0, destination: null, mtls: null, authz: null, fault: null, error } satisfies Outcome,
  ],
});

/**
 * A request from a Gateway no pod runs (an annotated Gateway whose Services no pod serves: compiler/ir/gateway-selection.ts):
 * meshc emits no router configuration for it, and nothing listens.
 */
export function noGatewayPod(ctx: EngineContext, target: Target): Routed {
  ctx.trace.push(
    `No gateway proxy runs this Gateway (no router configuration is emitted for it): the connection is refused.`,
  );
  return refused(`gateway has no server on port ${target.port}`);
}

/** Routes the request through the gateway proxy `proxy` (also `ctx.proxy`). */
export function viaGateway(ctx: EngineContext, proxy: GatewayProxyConfig, target: Target, req: HttpView): Routed {
  // Only a server port reaches the pod (through the gateway's Service), on the port it translates to.
  const port = proxy.listenPort(target.port);
  const listener = port === undefined ? undefined : proxy.listeners.get(`0.0.0.0_${port}`);
  const wire = { kind: "plaintext", alpn: "http/1.1" } as const;
  const chain = listener === undefined || port === undefined ? undefined : selectFilterChain(listener, port, wire);
  // A plaintext request into a chain that terminates TLS fails the handshake (no HTTP answer either).
  const hcm = chain === undefined || handshake(chain, wire) !== undefined ? undefined : chainHcm(chain);
  if (port === undefined || hcm === undefined || hcm.routeSpecifier.oneofKind !== "rds") {
    ctx.trace.push(
      `The gateway proxy '${proxy.workload.id}' has no HTTP listener for port ${target.port}${port === undefined ? "" : ` (0.0.0.0_${port})`}: the connection is refused.`,
    );
    return refused(`gateway has no server on port ${target.port}`);
  }
  return viaGatewayHcm(ctx, proxy, target, req, listener!.name, hcm, port);
}

/**
 * The HTTP part of a gateway request: the HCM of the chain that took the connection (`listener`), its filters, then
 * its RDS. `sni` is set when the client's TLS was terminated by that chain (HTTPS).
 */
export function viaGatewayHcm(
  ctx: EngineContext,
  proxy: GatewayProxyConfig,
  target: Target,
  req: HttpView,
  listener: string,
  hcm: HttpConnectionManager,
  port: number,
  sni?: string,
  /** The client's SPIFFE URI when the chain terminated its Istio mTLS (a sidecar through an ISTIO_MUTUAL server). */
  peerUri?: string,
): Routed & { readonly gatewayAuthz?: AuthzDecision } {
  if (hcm.routeSpecifier.oneofKind !== "rds") return refused(`gateway has no server on port ${target.port}`);
  const rds = hcm.routeSpecifier.rds.routeConfigName;
  ctx.trace.push(
    `The gateway proxy '${proxy.workload.id}' accepts the connection on listener '${listener}' (RDS '${rds}').`,
  );
  // mutateRequestHeaders, before any HTTP filter: the downstream address from the HCM's `use_remote_address` and
  // `xff_num_trusted_hops`, X-Forwarded-For appended (_shared/xff.ts). The peer is the connection's: an ingress
  // request's `ip`, or the sending proxy's pod (ctx.client.downstreamIp); the gateway pod's own is ctx.client.ip.
  const addressing = {
    useRemoteAddress: hcm.useRemoteAddress?.value === true,
    xffNumTrustedHops: hcm.xffNumTrustedHops,
  };
  const downstream = hcmDownstream(addressing, ctx.client.downstreamIp, ctx.client.ip, req.headers);
  const shown = (ip: string | undefined) => (ip === undefined ? "unknown" : ip);
  ctx.trace.push(
    `Its connection manager (use_remote_address ${addressing.useRemoteAddress}, xff_num_trusted_hops ${addressing.xffNumTrustedHops}): peer ${shown(downstream.peer)}, remote address ${shown(downstream.remote)}${downstream.from === "xff" ? " (from X-Forwarded-For)" : ""}.`,
  );
  const path = req.query === "" ? req.path : `${req.path}?${req.query}`;
  const headers = new HeaderMap([
    [":authority", req.authority],
    [":path", path],
    [":method", req.method],
    ...Object.entries(downstream.headers).filter(([k]) => k !== "host"),
  ]);
  const r = runHttpFilters(
    hcm.httpFilters,
    {
      headers,
      peerUri,
      tls: sni !== undefined,
      directRemoteIp: downstream.peer,
      remoteIp: downstream.remote,
      localIp: undefined,
      localPort: port,
      sni: sni ?? "",
    },
    ctx.trace,
    ctx.coverage,
  );
  jwtCoverage(ctx, proxy.workload, r.providers);
  if (r.kind === "jwtFail") {
    const error = JWT_STATUS[r.status];
    const status = statusCode(r.status);
    return {
      route: null,
      timeout: null,
      retries: null,
      outcomes: [{ probability: 1, status, destination: null, mtls: false, authz: null, fault: null, error }],
    };
  }
  const authz = r.authz;
  for (const d of [authz, ...(authz.dryRun ?? [])])
    if (d.policy !== null && d.rule !== null) ctx.coverage?.hit({ kind: "authzRule", policy: d.policy, rule: d.rule });
  const auth = r.jwt === undefined ? {} : { auth: { principal: requestPrincipalOf(r.jwt), claims: r.jwt } };
  if (authz.decision === "DENY") {
    return {
      route: null,
      timeout: null,
      retries: null,
      outcomes: [{ probability: 1, status: 403, destination: null, mtls: false, authz, fault: null, ...auth }],
      gatewayAuthz: authz,
    };
  }
  // jwt_authn may have changed the headers (token removed, claim headers added); its payload is what claim routes
  // match (istiod sets `clear_route_cache` on gateways, so the route is picked after the filter).
  const after: Record<string, string> = {};
  for (const [k, v] of r.headers.toList())
    if (!k.startsWith(":")) after[k] = after[k] === undefined ? v : `${after[k]},${v}`;
  const metadata = r.jwt === undefined ? undefined : { "envoy.filters.http.jwt_authn": { payload: r.jwt } };
  const routed = viaRoutes(
    ctx,
    target,
    { ...req, headers: { ...(req.headers["host"] ? { host: req.headers["host"] } : {}), ...after } },
    rds,
    metadata,
  );
  return { ...routed, gatewayAuthz: authz };
}
