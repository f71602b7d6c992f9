/**
 * Checks a scenario's expectations against a simulation result (docs/scenarios.md). Each failure records what was
 * expected and what was found, as data and as a 5xxx diagnostic at the `expect` line, so a reporter can print it
 * beside the simulation trace.
 *
 * Rules, the same for every form:
 * - without a percentage, an expectation holds for every outcome (a 10% abort fault breaks `expect allow`);
 * - with percentages, the outcomes that match are summed (same destination and subset, or same status) and must
 *   be within ±0.01% of what is written;
 * - service names resolve through a `ServiceResolver` (see `resolve.ts`); an unknown name is compared literally.
 */
import { createDiagnostic, type Diagnostic, type DiagnosticMessage } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import type { Outcome, SimulationResult } from "../eval/types.ts";
import type { Span } from "../diagnostics/span.ts";
import type { AuthzExpectation, DistributionExpectation, Expectation } from "./ast.ts";
import type { ServiceResolver } from "./resolve.ts";
import { durationMs } from "./_values.ts";
import { checkHop } from "./_hop.ts";
import { describeAuthz, describeMtls, describeRoute, describeStatus, percentOf, shares } from "./_describe.ts";

/** An expectation that did not hold. `diagnostic` says the same as `expected`/`found`, with a code and the span. */
export interface ExpectationFailure {
  readonly expectation: Expectation;
  readonly expected: string;
  readonly found: string;
  readonly diagnostic: Diagnostic;
}

/** docs/scenarios.md: distributions compare within ±0.01% (plus float noise: probabilities sum within 1e-9). */
const TOLERANCE = 0.0001 + 1e-9;

/**
 * Every expectation of `expectations` that `result` does not satisfy, in order.
 *
 * @example
 * checkExpectations(result, [{ kind: "status", status: 403, percent: null, span }], resolver)
 * // result with one outcome of status 200 →
 * // [{ expectation, expected: "403", found: "200",
 * //    diagnostic: { code: 5003, message: "Expected status 403 but found 200.", ... } }]
 */
export function checkExpectations(
  result: SimulationResult,
  expectations: readonly Expectation[],
  resolveService: ServiceResolver,
): ExpectationFailure[] {
  return expectations.flatMap((e) => check(result, e, resolveService));
}

function check(result: SimulationResult, e: Expectation, resolve: ServiceResolver): ExpectationFailure[] {
  const { outcomes } = result;
  switch (e.kind) {
    case "distribution":
      return checkDistribution(outcomes, e, resolve);
    case "authz":
      return holds(
        outcomes.every((o) => authzMatches(o, e)),
        e,
        Messages.Expected_the_request_to_be_0_but_it_was_1,
        expectedAuthz(e),
        shares(outcomes, describeAuthz),
      );
    case "status": {
      const expected = e.percent === null ? String(e.status) : `${e.status} ${percentOf(e.percent / 100)}%`;
      const ok =
        e.percent === null
          ? outcomes.every((o) => o.status === e.status)
          : near(
              share(outcomes, (o) => o.status === e.status),
              e.percent,
            );
      return holds(ok, e, Messages.Expected_status_0_but_found_1, expected, shares(outcomes, describeStatus));
    }
    case "noRoute":
      return result.route === null
        ? []
        : [failure(e, Messages.Expected_0_to_match_but_1_matched, "no route", describeRoute(result.route))];
    case "mtls":
    case "plaintext":
    case "origination": {
      const expected = { mtls: "mutual TLS", plaintext: "plaintext", origination: "originated TLS" }[e.kind];
      return holds(
        outcomes.every((o) => describeMtls(o) === expected),
        e,
        Messages.Expected_the_connection_to_use_0_but_found_1,
        expected,
        shares(outcomes, describeMtls),
      );
    }
    case "timeout": {
      // Istio: a route without a timeout has none, as does "0s" (https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute).
      const found = result.timeout === null ? 0 : durationMs(result.timeout);
      const foundText = result.timeout === null ? "no timeout" : result.timeout;
      return holds(found === e.milliseconds, e, Messages.Expected_a_timeout_of_0_but_found_1, e.duration, foundText);
    }
    case "retries": {
      const found = result.retries?.attempts ?? 0;
      const foundText = result.retries === null ? "0 (no retry policy)" : String(found);
      return holds(
        found === e.attempts,
        e,
        Messages.Expected_0_retry_attempts_but_found_1,
        String(e.attempts),
        foundText,
      );
    }
    case "principal": {
      const principalOf = (o: Outcome) => o.auth?.principal ?? null;
      const describe = (o: Outcome) => {
        const p = principalOf(o);
        return p === null ? `none (status ${o.status}${o.error === undefined ? "" : `: ${o.error}`})` : `'${p}'`;
      };
      return holds(
        outcomes.every((o) => principalOf(o) === e.principal),
        e,
        Messages.Expected_request_principal_0_but_found_1,
        e.principal === null ? "none" : `'${e.principal}'`,
        shares(outcomes, describe),
      );
    }
    case "hop": {
      const r = checkHop(outcomes, e, resolve);
      if (r.kind === "ambiguous") return [ambiguous(e, e.destination!.service, e.destination!.span, r.candidates)];
      if (r.ok) return [];
      const diagnostic = createDiagnostic(Messages.Expected_hop_0_to_be_1_but_found_2, e.span, [
        String(e.hop),
        r.expected,
        r.found,
      ]);
      return [{ expectation: e, expected: `hop ${e.hop} ${r.expected}`, found: r.found, diagnostic }];
    }
    default:
      return e satisfies never;
  }
}

function authzMatches(o: Outcome, e: AuthzExpectation): boolean {
  return o.authz !== null && o.authz.decision === e.decision && (e.policy === undefined || o.authz.policy === e.policy);
}

function expectedAuthz(e: AuthzExpectation): string {
  const verb = e.decision === "ALLOW" ? "allowed" : "denied";
  return e.policy === undefined ? verb : `${verb} by ${e.policy ?? "default"}`;
}

function checkDistribution(
  outcomes: readonly Outcome[],
  e: DistributionExpectation,
  resolve: ServiceResolver,
): ExpectationFailure[] {
  const resolved: { fqdn: string; subset: string | null; percent: number; written: string }[] = [];
  const failures: ExpectationFailure[] = [];
  for (const t of e.targets) {
    const r = resolve(t.service);
    if (r.kind === "ambiguous") failures.push(ambiguous(e, t.service, t.span, r.candidates));
    resolved.push({
      fqdn: r.kind === "service" ? r.fqdn : t.service,
      subset: t.subset,
      percent: t.percent,
      written: t.service,
    });
  }
  if (failures.length > 0) return failures;
  const matches = (o: Outcome, t: (typeof resolved)[number]) =>
    o.destination !== null &&
    o.destination.service === t.fqdn &&
    (t.subset === null || o.destination.subset === t.subset);
  if (
    resolved.every((t) =>
      near(
        share(outcomes, (o) => matches(o, t)),
        t.percent,
      ),
    )
  )
    return [];
  const lone = e.targets.length === 1 && e.targets[0]!.percent === 100;
  const expected = e.targets
    .map(
      (t) =>
        `${t.subset === null ? t.service : `${t.service}@${t.subset}`}${lone ? "" : ` ${percentOf(t.percent / 100)}%`}`,
    )
    .join(", ");
  // Name found destinations as the user did where they are the same service; list subsets only where the
  // expectation does.
  const describe = (o: Outcome): string => {
    if (o.destination === null) return `no destination (status ${o.status})`;
    const named = resolved.filter((t) => t.fqdn === o.destination!.service);
    const service = named[0]?.written ?? o.destination.service;
    const bySubset = named.length === 0 || named.some((t) => t.subset !== null);
    return bySubset && o.destination.subset !== null ? `${service}@${o.destination.subset}` : service;
  };
  return [failure(e, Messages.Expected_traffic_to_go_to_0_but_it_went_to_1, expected, shares(outcomes, describe))];
}

/** MESH5008: a short service name that several namespaces have. */
function ambiguous(e: Expectation, service: string, span: Span, candidates: readonly string[]): ExpectationFailure {
  const list = candidates.map((c) => `'${c}'`).join(", ");
  const diagnostic = createDiagnostic(Messages.Service_0_is_ambiguous_Colon_it_may_be_1, span, [service, list]);
  return { expectation: e, expected: `one service named '${service}'`, found: list, diagnostic };
}

function share(outcomes: readonly Outcome[], predicate: (o: Outcome) => boolean): number {
  return outcomes.reduce((sum, o) => (predicate(o) ? sum + o.probability : sum), 0);
}

function near(probability: number, percent: number): boolean {
  return Math.abs(probability - percent / 100) <= TOLERANCE;
}

function holds(
  ok: boolean,
  e: Expectation,
  message: DiagnosticMessage,
  expected: string,
  found: string,
): ExpectationFailure[] {
  return ok ? [] : [failure(e, message, expected, found)];
}

function failure(e: Expectation, message: DiagnosticMessage, expected: string, found: string): ExpectationFailure {
  return { expectation: e, expected, found, diagnostic: createDiagnostic(message, e.span, [expected, found]) };
}
