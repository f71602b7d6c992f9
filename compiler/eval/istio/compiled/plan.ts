/**
 * A plan: everything the Istio engine decides for one (client, target) pair that no request attribute can change,
 * computed once with the engine's own lookups. It is the client proxy's route table for the target (the rules of the
 * VirtualService `sidecarVirtualService` picks, each match block a compiled predicate; or the default route), and per
 * route the fork × split × endpoint legs `routeAction` and `upstreamOutcomes` produce: cluster, DestinationRule TLS,
 * mTLS handshake and, per endpoint with a sidecar, its authorization compiled for that connection.
 */
import { usesPathSeparatedPrefix } from "../../../ir/route-semantics.ts";
import type { MeshIR } from "../../../ir/ir.ts";
import type { DestinationRef, Outcome, RouteRef, SimulationResult } from "../../types.ts";
import type { Client, Target } from "../../_shared/model.ts";
import { policiesFor, policyRef } from "../authorization.ts";
import { destinationRuleFor } from "../../../ir/destination-rules.ts";
import { clusterTls } from "../destination-rule.ts";
import { faultForks } from "../fault.ts";
import { clientSends, connect } from "../mtls.ts";
import { DEFAULT_RETRIES, retriesOf, timeoutOf } from "../retries.ts";
import { destinationsOf, uriRewrite, weighted } from "../route-action.ts";
import { forwardedAuthority, routeHeaders } from "../request-headers.ts";
import { re2Compile } from "../string-match.ts";
import { backendOf, type Upstream } from "../upstream.ts";
import { sidecarVirtualService, virtualServiceRoutes, vsName, type EnvoyRoute } from "../virtual-service.ts";
import { compileAuthz, type CompiledAuthz, type Connection } from "./authz.ts";
import type { Interner } from "./intern.ts";
import { compileMatch } from "./match.ts";
import type { Ctx, Pred } from "./predicate.ts";

/** One term of the outcome distribution; `authz` non-null when the server's sidecar decides per request. */
export interface Leg {
  readonly probability: number;
  readonly status: number;
  readonly destination: DestinationRef | null;
  readonly destinationId: number;
  readonly mtls: boolean | null;
  readonly fault: Outcome["fault"];
  readonly faultId: number;
  readonly error: string | undefined;
  readonly authz: CompiledAuthz | null;
  /** `origination` when the client's proxy originated TLS (`withOrigination` in _shared/hops.ts). */
  readonly tls: Outcome["tls"];
}

/** One Envoy route of a plan: its compiled match, what the result reports of it, and its legs. */
export interface RoutePlan {
  readonly pred: Pred;
  readonly route: RouteRef | null;
  readonly timeout: string | null;
  readonly retries: SimulationResult["retries"];
  /** Applies the route's rewrite to the context the legs' authorization reads. */
  readonly rewrite: ((c: Ctx) => void) | null;
  readonly legs: readonly Leg[];
}

/** Shared state of one IR's plans. */
export interface PlanEnv {
  readonly ir: MeshIR;
  readonly intern: Interner;
  readonly authz: Map<string, CompiledAuthz>;
  readonly trustDomains: readonly string[];
}

const freeze = <T extends object | null>(o: T): T => (o === null ? o : Object.freeze(o));

/** A leg that no request attribute changes. */
export function staticLeg(env: PlanEnv, o: Omit<Outcome, "authz">): Leg {
  const destination = freeze(o.destination);
  const fault = freeze(o.fault);
  return {
    probability: o.probability,
    status: o.status,
    destination,
    destinationId: env.intern(destination),
    mtls: o.mtls,
    fault,
    faultId: env.intern(fault),
    error: o.error,
    authz: null,
    tls: o.tls,
  };
}

/** `upstreamOutcomes` for one destination, with the request-independent part done. */
function upstreamLegs(
  env: PlanEnv,
  client: Client,
  up: Upstream,
  reqPort: number,
  probability: number,
  fault: Outcome["fault"],
): Leg[] {
  const { ir } = env;
  const backend = backendOf(ir, client, up.host);
  const port = up.port ?? (backend?.ports.length === 1 ? backend.ports[0]!.port : reqPort);
  const cluster = `outbound|${port}|${up.subset ?? ""}|${up.host}`;
  const destination: DestinationRef = { service: up.host, subset: up.subset, port, cluster };
  const fail = (error: string, status = 503) => [
    staticLeg(env, { probability, status, destination, mtls: null, fault, error }),
  ];
  const missing = up.missingStatus ?? 503;
  if (backend === undefined)
    return fail(`no cluster '${cluster}': host '${up.host}' is not in the service registry`, missing);
  const servicePort = backend.ports.find((p) => p.port === port);
  if (servicePort === undefined) return fail(`no cluster '${cluster}': '${up.host}' has no port ${port}`, missing);
  const applied = client.proxy === "none" ? undefined : destinationRuleFor(ir, client, up.host, backend.namespace);
  let subsetLabels: Readonly<Record<string, string>> | undefined;
  if (up.subset !== null) {
    const subset = applied?.subsets.find((s) => s.name === up.subset);
    if (subset === undefined)
      return fail(
        `no cluster '${cluster}': subset '${up.subset}' is not declared by any DestinationRule for '${up.host}' visible to the client`,
        missing,
      );
    subsetLabels = subset.labels ?? {};
  }
  const endpoints = backend.endpoints(subsetLabels, port);
  if (endpoints.length === 0) return fail(`no healthy upstream: cluster '${cluster}' has no endpoints`);
  const tls = clusterTls(applied, port, up.subset);
  const share = probability / endpoints.length;
  const passthrough =
    backend.passthrough === undefined
      ? undefined
      : { allSidecars: backend.passthrough.allSidecars(port), originalDst: backend.passthrough.originalDst };
  return endpoints.map((endpoint) => {
    const server = endpoint.server;
    const targetPort = endpoint.port ?? servicePort.targetPort;
    const sent = clientSends(ir, client, tls, server, backend.namespace, backend.meshExternal, passthrough);
    const conn = connect(ir, client, sent, server, targetPort);
    const originated = sent.sent === "tls" ? ({ tls: "origination" } as const) : {};
    if (!conn.ok)
      return staticLeg(env, {
        probability: share,
        status: conn.status ?? 503,
        destination,
        mtls: conn.mtls,
        fault,
        error: conn.error ?? "",
        ...originated,
      });
    if (server === undefined || !server.sidecar)
      return staticLeg(env, { probability: share, status: 200, destination, mtls: conn.mtls, fault, ...originated });
    const connection: Connection = {
      principal: conn.mtls ? client.principal : undefined,
      sourceIp: client.ip,
      // The compiled path takes no request with X-Forwarded-For (index.ts): the peer is the remote address.
      remoteIp: client.ip,
      port: targetPort,
      destinationIp: endpoint.address ?? server.addresses[0],
      sni: conn.mtls ? `outbound_.${port}_.${up.subset ?? ""}_.${up.host}` : undefined,
      trustDomains: env.trustDomains,
    };
    // Servers with the same policies and connection facts share one compiled authorization (the endpoints of a
    // split usually do), so a decision evaluates it once for all of them (see `outcomesOf`).
    const policies = policiesFor(ir, server);
    const readsSni = policies.some((p) =>
      (p.spec.rules ?? []).some((r) => (r.when ?? []).some((c) => c.key === "connection.sni")),
    );
    const key = JSON.stringify([
      policies.map(policyRef),
      connection.principal,
      connection.sourceIp,
      connection.remoteIp,
      connection.port,
      connection.destinationIp,
      readsSni ? connection.sni : null,
    ]);
    let authz = env.authz.get(key);
    if (authz === undefined) env.authz.set(key, (authz = compileAuthz(ir, env.intern, server, connection)));
    const leg = staticLeg(env, { probability: share, status: 200, destination, mtls: conn.mtls, fault, ...originated });
    return { ...leg, authz };
  });
}

/** Envoy `prefix_rewrite` / `regex_rewrite` as `rewritten` in route-action.ts applies them, compiled. */
function compileRewrite(r: EnvoyRoute): ((c: Ctx) => void) | null {
  const rw = r.rule.rewrite;
  // The route's `headers.request` (and a single destination's): request-headers.ts. A weighted split whose
  // destinations carry their own takes the traced path (eval/index.ts).
  const dest = r.rule.route?.length === 1 ? r.rule.route[0]?.headers : undefined;
  const headers = r.rule.headers?.request !== undefined || dest?.request !== undefined;
  if (rw === undefined && !headers) return null;
  if (rw === undefined)
    return (c) => {
      c.headers = routeHeaders(c.headers, r.rule.headers, dest);
      c.authority = forwardedAuthority(c.authority, r.rule.headers, dest, undefined);
    };
  const authority = rw.authority;
  let path: ((p: string) => string) | null = null;
  if (rw.uriRegexRewrite !== undefined) {
    const prog = re2Compile(rw.uriRegexRewrite.match);
    const sub = rw.uriRegexRewrite.rewrite.replace(/\\(\d)/g, "$$$1");
    path = (p) => {
      if (prog === null) return p;
      try {
        return prog.matcher(p).replaceAll(sub);
      } catch {
        return p;
      }
    };
  } else if (rw.uri !== undefined) path = uriRewrite(r, rw.uri);
  return (c) => {
    if (path !== null) c.path = path(c.path);
    if (headers) c.headers = routeHeaders(c.headers, r.rule.headers, dest);
    c.authority = forwardedAuthority(c.authority, r.rule.headers, dest, authority);
  };
}

const local = (env: PlanEnv, status: number): Leg[] => [
  staticLeg(env, { probability: 1, status, destination: null, mtls: null, fault: null }),
];

/** `routeAction` for one Envoy route, minus what depends on the request. */
function compileRoute(env: PlanEnv, client: Client, target: Target, r: EnvoyRoute): RoutePlan | undefined {
  const pred =
    r.match === undefined
      ? true
      : compileMatch(r.match, client, target.port, r.vs.meta.namespace, usesPathSeparatedPrefix(r.vs));
  if (pred === false) return undefined;
  const route = Object.freeze({ resource: vsName(r.vs), index: r.ruleIndex, name: r.rule.name ?? null });
  const rule = r.rule;
  const fixed = (legs: Leg[]): RoutePlan => ({ pred, route, timeout: null, retries: null, rewrite: null, legs });
  if (rule.redirect !== undefined) return fixed(local(env, rule.redirect.redirectCode ?? 301));
  if (rule.directResponse !== undefined) return fixed(local(env, rule.directResponse.status));
  if (rule.delegate !== undefined) return fixed(local(env, 404));
  const split = weighted(rule, destinationsOf(r, "route"));
  const legs: Leg[] = [];
  for (const f of faultForks(rule.fault)) {
    if (f.abortStatus !== undefined) {
      legs.push(
        staticLeg(env, {
          probability: f.probability,
          status: f.abortStatus,
          destination: null,
          mtls: null,
          fault: f.fault,
        }),
      );
      continue;
    }
    for (const s of split) legs.push(...upstreamLegs(env, client, s.up, target.port, f.probability * s.p, f.fault));
  }
  return { pred, route, timeout: timeoutOf(rule), retries: retriesOf(rule), rewrite: compileRewrite(r), legs };
}

/**
 * The routes for (client, target), in match order, or undefined when the engine's answer needs no per-request work
 * beyond what the full engine does once (external hosts without a VirtualService: passthrough, blackhole, or a
 * client without sidecar). Ingress sources are not compiled: `index.ts` sends them to the full engine.
 */
export function planFor(env: PlanEnv, client: Client, target: Target): RoutePlan[] | undefined {
  if (client.proxy === "gateway") throw new Error("meshc internal: ingress sources are evaluated by the full engine");
  if (client.proxy === "sidecar") {
    const vs = sidecarVirtualService(env.ir, client, target, []);
    if (vs !== undefined)
      return virtualServiceRoutes(vs, client, target.port).flatMap((r) => compileRoute(env, client, target, r) ?? []);
  }
  if (target.kind === "external") return undefined;
  // The default route (sidecar: istio `BuildDefaultHTTPOutboundRoute`) or kube-proxy (no client proxy).
  const legs = upstreamLegs(env, client, { host: target.fqdn, subset: null, port: target.port }, target.port, 1, null);
  return [
    {
      pred: true,
      route: null,
      timeout: null,
      retries: client.proxy === "sidecar" ? DEFAULT_RETRIES : null,
      rewrite: null,
      legs,
    },
  ];
}
