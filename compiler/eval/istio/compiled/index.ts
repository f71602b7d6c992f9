/**
 * The Istio engine's compiled path: the same decision as `simulateIstio` (every field but the trace, which is left
 * empty), for callers that evaluate many requests and do not read the trace (`simulate(ir, req, { trace: false })`).
 *
 * Per IR (a WeakMap: the IR is immutable once lowered) it memoizes the resolved client per source, the resolved
 * target per (client, host as written, port), and the plan per (client, target) (`plan.ts`). A decision is then
 * a few map look-ups, the route predicates, the legs' authorization predicates and the outcome merge, none of which
 * grows with the mesh. Requests the plans do not cover — an unknown source or host (diagnostics), ingress gateway
 * sources, external hosts without a VirtualService — take the full engine, and their trace is dropped.
 */
import { isIP } from "node:net";
import type { Diagnostic, Result } from "../../../diagnostics/diagnostic.ts";
import type { MeshIR } from "../../../ir/ir.ts";
import type { AuthzDecision, DestinationRef, Outcome, SimRequest, SimulationResult } from "../../types.ts";
import type { Client, Target } from "../../_shared/model.ts";
import { simulateIstio } from "../engine.ts";
import { normalizePath } from "../../_shared/path.ts";
import { httpView, resolveClient, resolveTarget } from "../../_shared/request.ts";
import { carriedAsTcp } from "../../_shared/tcp.ts";
import type { CompiledAuthz, Decided } from "./authz.ts";
import { interner } from "./intern.ts";
import { scopedTarget } from "../_egress.ts";
import { planFor, staticLeg, type Leg, type PlanEnv, type RoutePlan } from "./plan.ts";
import { scratchCtx, test } from "./predicate.ts";
import { XFF } from "../../_shared/xff.ts";

interface TargetEntry {
  readonly target: Target;
  /** `:authority` when the request has no `host` header: the host as written, with `:port` as curl sends it. */
  readonly authority: string;
  /** Undefined: the plan is the full engine's answer, memoized on first use in `fixed`. */
  readonly routes: readonly RoutePlan[] | undefined;
  fixed: RoutePlan | undefined;
}

interface ClientEntry {
  readonly client: Client;
  /** Host as written → port → target; null when resolving it reports a diagnostic. */
  readonly targets: Map<string, Map<number | undefined, TargetEntry | null>>;
  /** `fqdn port` → plan, shared by the spellings of one host. */
  readonly plans: Map<string, readonly RoutePlan[] | undefined>;
}

interface Compiled {
  readonly env: PlanEnv;
  /** namespace → name → `[sidecar, plaintext]` entries; null for an unknown workload. */
  readonly workloads: Map<string, Map<string, [ClientEntry | null | undefined, ClientEntry | null | undefined]>>;
  outside: ClientEntry | undefined;
}

const compiled = new WeakMap<MeshIR, Compiled>();

function compiledOf(ir: MeshIR): Compiled {
  let c = compiled.get(ir);
  if (c === undefined) {
    const env: PlanEnv = {
      ir,
      intern: interner(),
      authz: new Map(),
      trustDomains: [ir.meshConfig.trustDomain, ...ir.meshConfig.trustDomainAliases],
    };
    compiled.set(ir, (c = { env, workloads: new Map(), outside: undefined }));
  }
  return c;
}

const entryOf = (client: Client | undefined): ClientEntry | null =>
  client === undefined ? null : { client, targets: new Map(), plans: new Map() };

function clientEntry(c: Compiled, request: SimRequest): ClientEntry | null {
  const source = request.source;
  if (source.kind === "outside") return (c.outside ??= entryOf(resolveClient(c.env.ir, request, []))!);
  if (source.kind !== "workload") return null;
  let byName = c.workloads.get(source.namespace);
  if (byName === undefined) {
    byName = new Map();
    c.workloads.set(source.namespace, byName);
  }
  let pair = byName.get(source.name);
  if (pair === undefined) byName.set(source.name, (pair = [undefined, undefined]));
  const i = request.plaintext ? 1 : 0;
  let e = pair[i];
  if (e === undefined) pair[i] = e = entryOf(resolveClient(c.env.ir, request, []));
  return e;
}

function targetEntry(c: Compiled, ce: ClientEntry, request: SimRequest): TargetEntry | null {
  let byPort = ce.targets.get(request.host);
  if (byPort === undefined) {
    byPort = new Map();
    ce.targets.set(request.host, byPort);
  }
  let te = byPort.get(request.port);
  if (te === undefined) {
    const diagnostics: Diagnostic[] = [];
    const resolved = resolveTarget(c.env.ir, request, ce.client, diagnostics);
    const target = resolved && scopedTarget(c.env.ir, ce.client, resolved, []);
    if (target === undefined || diagnostics.length > 0) te = null;
    else {
      const key = `${target.fqdn} ${target.port}`;
      if (!dialsAddresses(target) && !ce.plans.has(key)) ce.plans.set(key, planFor(c.env, ce.client, target));
      // curl's Host header, as the full engine builds it (_shared/request.ts `httpView`).
      const authority = httpView({ ...request, headers: {}, jwt: undefined }, target.port).authority;
      te = { target, authority, routes: ce.plans.get(key), fixed: undefined };
    }
    byPort.set(request.port, te);
  }
  return te;
}

const hasXff = (request: SimRequest): boolean => {
  for (const k in request.headers) if (k.toLowerCase() === XFF) return true;
  return false;
};

const hasHostHeader = (request: SimRequest): boolean => {
  for (const k in request.headers) if (k.toLowerCase() === "host") return true;
  return false;
};

/** A headless Service's target: the full engine evaluates each address it resolves to. */
const dialsAddresses = (target: Target): boolean => target.kind === "service" && target.addresses !== undefined;

/** The full engine's answer as a plan, for targets whose answer is fixed (see `planFor`). */
function fixedPlan(env: PlanEnv, v: SimulationResult): RoutePlan {
  return {
    pred: true,
    route: v.route,
    timeout: v.timeout,
    retries: v.retries,
    rewrite: null,
    legs: v.outcomes.map((o) => staticLeg(env, o)),
  };
}

const UPPER = /[A-Z]/;

function lowerCased(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  let upper = false;
  for (const k in headers) if (UPPER.test(k)) upper = true;
  if (!upper) return headers;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

/** `normalizePath`, skipped for paths it leaves alone: starting with `/`, without `%`, `\` or a dot segment. */
function normalized(path: string): string {
  let plain = path.charCodeAt(0) === 47;
  for (let i = 1; plain && i < path.length; i++) {
    const ch = path.charCodeAt(i);
    // 37 `%`, 92 `\`, 46 `.` right after 47 `/`
    if (ch === 37 || ch === 92 || (ch === 46 && path.charCodeAt(i - 1) === 47)) plain = false;
  }
  return plain ? path : normalizePath(path || "/");
}

const ctx = scratchCtx();
const NOT_FOUND: Outcome = Object.freeze({
  probability: 1,
  status: 404,
  destination: null,
  mtls: null,
  authz: null,
  fault: null,
});

// The merge's scratch columns (reused: evaluation is synchronous).
let n = 0;
const mP: number[] = [];
const mStatus: number[] = [];
const mLeg: Leg[] = [];
const mAuthz: (AuthzDecision | null)[] = [];
const mAuthzId: number[] = [];
// Authorization decided in this decision, per compiled authorization (legs share them).
let seen = 0;
const seenAuthz: CompiledAuthz[] = [];
const seenDecided: Decided[] = [];

function add(leg: Leg, p: number, status: number, authz: AuthzDecision | null, authzId: number): void {
  if (p <= 0) return;
  for (let j = 0; j < n; j++) {
    const o = mLeg[j]!;
    if (
      mStatus[j] === status &&
      o.destinationId === leg.destinationId &&
      mAuthzId[j] === authzId &&
      o.faultId === leg.faultId &&
      o.mtls === leg.mtls &&
      o.error === leg.error &&
      o.tls === leg.tls
    ) {
      mP[j] = mP[j]! + p;
      return;
    }
  }
  mP[n] = p;
  mStatus[n] = status;
  mLeg[n] = leg;
  mAuthz[n] = authz;
  mAuthzId[n] = authzId;
  n++;
}

// `Number(p.toPrecision(15))` (outcomes.ts) per distinct sum: a decision's sums come from few values.
const roundings = new Map<number, number>();
function rounded(p: number): number {
  let r = roundings.get(p);
  if (r === undefined) {
    if (roundings.size > 4096) roundings.clear();
    roundings.set(p, (r = Number(p.toPrecision(15))));
  }
  return r;
}

/** `mergeOutcomes` of the legs, in order of first appearance, probabilities rounded to 15 significant digits. */
function outcomesOf(legs: readonly Leg[]): Outcome[] {
  n = 0;
  seen = 0;
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i]!;
    if (leg.authz === null) add(leg, leg.probability, leg.status, null, 0);
    else {
      let d: Decided | undefined;
      for (let k = 0; k < seen; k++) if (seenAuthz[k] === leg.authz) d = seenDecided[k];
      if (d === undefined) {
        d = leg.authz.decide(ctx);
        seenAuthz[seen] = leg.authz;
        seenDecided[seen++] = d;
      }
      add(leg, leg.probability, d.value.decision === "DENY" ? 403 : 200, d.value, d.id);
    }
  }
  const out: Outcome[] = [];
  for (let j = 0; j < n; j++) {
    const leg = mLeg[j]!;
    const p = mP[j]!;
    const probability = p === 1 ? 1 : rounded(p);
    const destination: DestinationRef | null = leg.destination;
    const o: Outcome =
      leg.error === undefined
        ? { probability, status: mStatus[j]!, destination, mtls: leg.mtls, authz: mAuthz[j]!, fault: leg.fault }
        : {
            probability,
            status: mStatus[j]!,
            destination,
            mtls: leg.mtls,
            authz: mAuthz[j]!,
            fault: leg.fault,
            error: leg.error,
          };
    out.push(leg.tls === undefined ? o : { ...o, tls: leg.tls });
    mLeg[j] = undefined as unknown as Leg;
  }
  for (let k = 0; k < seen; k++) seenAuthz[k] = seenDecided[k] = undefined as never;
  return out;
}

/** Evaluates a request without a trace; the same `value` as `simulateIstio` with `trace: []`, and the same diagnostics. */
export function simulateIstioCompiled(ir: MeshIR, request: SimRequest): Result<SimulationResult | undefined> {
  // A client address (`ip`) or an X-Forwarded-For header gives the request addresses of its own, which the plans,
  // compiled per client, do not know (_shared/xff.ts): the full engine decides.
  if (request.ip !== undefined || hasXff(request)) return withoutTrace(simulateIstio(ir, request));
  const c = compiledOf(ir);
  const ce = clientEntry(c, request);
  const te = ce === null ? null : targetEntry(c, ce, request);
  // TCP connections (`tcp://`, or any request to a TCP port: ../tcp.ts) and connections to a headless Service's
  // addresses (one per address: _shared/headless.ts) have no compiled plan.
  // A Host header of its own, or an address as the host, may select another virtual host than the dialled
  // service's (../virtual-host.ts).
  if (
    te === null ||
    carriedAsTcp(request, te.target) ||
    dialsAddresses(te.target) ||
    hasHostHeader(request) ||
    isIP(request.host) !== 0
  )
    return withoutTrace(simulateIstio(ir, request));
  let routes = te.routes;
  if (routes === undefined) {
    if (te.fixed === undefined) {
      const full = simulateIstio(ir, request);
      if (full.value === undefined || full.diagnostics.length > 0) return withoutTrace(full);
      te.fixed = fixedPlan(c.env, full.value);
    }
    routes = [te.fixed];
  }
  const headers = lowerCased(request.headers);
  ctx.method = request.method;
  ctx.headers = headers;
  ctx.authority = te.authority;
  ctx.path = normalized(request.path);
  ctx.query = request.query;
  let chosen: RoutePlan | undefined;
  for (let i = 0; i < routes.length; i++) {
    if (test(routes[i]!.pred, ctx)) {
      chosen = routes[i]!;
      break;
    }
  }
  const target = te.target;
  const head = {
    method: request.method,
    host: target.fqdn,
    port: target.port,
    path: request.path,
    headers: request.headers,
    source: ce!.client.label,
  };
  if (chosen === undefined)
    return {
      value: { request: head, route: null, timeout: null, retries: null, outcomes: [{ ...NOT_FOUND }], trace: [] },
      diagnostics: [],
    };
  if (chosen.rewrite !== null) chosen.rewrite(ctx);
  return {
    value: {
      request: head,
      route: chosen.route,
      timeout: chosen.timeout,
      retries: chosen.retries,
      outcomes: outcomesOf(chosen.legs),
      trace: [],
    },
    diagnostics: [],
  };
}

function withoutTrace(r: Result<SimulationResult | undefined>): Result<SimulationResult | undefined> {
  return r.value === undefined ? r : { value: { ...r.value, trace: [] }, diagnostics: r.diagnostics };
}
