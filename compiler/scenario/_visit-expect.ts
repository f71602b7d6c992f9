/**
 * The expectation half of the CST → AST visitor (`visitor.ts` dispatches here): builds `Expectation` nodes from
 * their CST children and reports values the grammar cannot rule out (status 700, 120%, a distribution adding up to
 * more than 100%).
 */
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import type { Span } from "../diagnostics/span.ts";
import type { DestinationTarget, Expectation } from "./ast.ts";
import type * as C from "./cst.d.ts";
import { durationMs, hopValue, percentValue, real, retriesValue, statusValue } from "./_values.ts";
import { percentOf } from "./_describe.ts";

/** A target before the distribution decides what a missing percentage means. */
export interface TargetDraft {
  readonly span: Span;
  readonly service: string;
  readonly subset: string | null;
  /** undefined: none written. */
  readonly percent: number | undefined;
}

/** Builds expectation nodes for `ScenarioVisitor`, reporting into its diagnostics. */
export class ExpectationVisitor {
  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  authz(
    ctx: C.AuthzCstChildren,
    span: Span,
    policyRef: (nodes: readonly C.PolicyRefCstNode[] | undefined) => string | null | undefined,
  ): Expectation | undefined {
    const decision = ctx.Allow !== undefined ? "ALLOW" : "DENY";
    if (ctx.By === undefined) return { kind: "authz", span, decision, policy: undefined };
    const policy = policyRef(ctx.policyRef);
    return policy === undefined ? undefined : { kind: "authz", span, decision, policy };
  }

  /** `default` (null: no policy decided) or `namespace/name`. */
  policyRef(ctx: C.PolicyRefCstChildren, span: Span): string | null | undefined {
    const [namespace, name] = (ctx.Name ?? []).filter((t) => !t.isInsertedInRecovery);
    if (namespace === undefined) return undefined;
    if (ctx.Slash !== undefined) return name === undefined ? undefined : `${namespace.image}/${name.image}`;
    if (namespace.image === "default") return null;
    const expected = "'default' or a policy such as 'bookinfo/reviews-viewer'";
    this.diagnostics.push(createDiagnostic(Messages.Expected_0_but_found_1, span, [expected, `'${namespace.image}'`]));
    return undefined;
  }

  status(ctx: C.StatusCstChildren, span: Span, percent: number | null | undefined): Expectation | undefined {
    const token = real(ctx.NumberLiteral);
    const status = token && statusValue(token, this.file, this.diagnostics);
    if (status === undefined || percent === null) return undefined;
    return { kind: "status", span, status, percent: percent ?? null };
  }

  timeout(ctx: C.TimeoutCstChildren, span: Span): Expectation | undefined {
    const token = real(ctx.Duration);
    const milliseconds = token && durationMs(token.image);
    return token && milliseconds !== undefined
      ? { kind: "timeout", span, duration: token.image, milliseconds }
      : undefined;
  }

  retries(ctx: C.RetriesCstChildren, span: Span): Expectation | undefined {
    const token = real(ctx.NumberLiteral);
    const attempts = token && retriesValue(token, this.file, this.diagnostics);
    return attempts === undefined ? undefined : { kind: "retries", span, attempts };
  }

  /**
   * `hop N` and the parts written after it (each optional in the grammar; none at all is reported). `proxy`,
   * `destination` and `authz` are undefined where written but left incomplete by error recovery.
   */
  hop(
    ctx: C.HopCstChildren,
    span: Span,
    parts: {
      readonly proxy: string | undefined;
      readonly destination: { span: Span; service: string; subset: string | null } | undefined;
      readonly authz: Expectation | undefined;
    },
  ): Expectation | undefined {
    const token = real(ctx.NumberLiteral);
    const hop = token && hopValue(token, this.file, this.diagnostics);
    const tls = ctx.Mtls ? "mtls" : ctx.Plaintext ? "plaintext" : ctx.Origination ? "origination" : undefined;
    const written = [ctx.AtWord, ctx.To, ctx.authz, tls].some((p) => p !== undefined);
    if (!written && token !== undefined) {
      this.diagnostics.push(createDiagnostic(Messages.Expect_hop_0_names_nothing_to_check, span, [token.image]));
      return undefined;
    }
    if (hop === undefined) return undefined;
    if (ctx.AtWord !== undefined && parts.proxy === undefined) return undefined;
    if (ctx.To !== undefined && parts.destination === undefined) return undefined;
    if (ctx.authz !== undefined && parts.authz?.kind !== "authz") return undefined;
    return {
      kind: "hop",
      span,
      hop,
      ...(parts.proxy === undefined ? {} : { proxy: parts.proxy }),
      ...(parts.destination === undefined ? {} : { destination: parts.destination }),
      ...(tls === undefined ? {} : { tls }),
      ...(parts.authz?.kind === "authz"
        ? { authz: { decision: parts.authz.decision, policy: parts.authz.policy } }
        : {}),
    };
  }

  /** `to <service>[@<subset>]` of a hop. */
  destination(
    ctx: C.DestinationCstChildren,
    span: Span,
  ): { span: Span; service: string; subset: string | null } | undefined {
    const [service, subset] = (ctx.Name ?? []).filter((t) => !t.isInsertedInRecovery);
    if (service === undefined || (ctx.At !== undefined && subset === undefined)) return undefined;
    return { span, service: service.image, subset: subset?.image ?? null };
  }

  /**
   * A lone target without a percentage means all traffic (100%); in a list of several, each needs its own, and
   * together they may not exceed 100% (they may stay below it: `expect reviews@v3 0%` says "never v3").
   */
  distribution(drafts: readonly (TargetDraft | undefined)[], span: Span): Expectation | undefined {
    const complete = drafts.filter((d): d is TargetDraft => d !== undefined);
    if (complete.length !== drafts.length || complete.length === 0) return undefined;
    if (complete.length > 1) {
      const missing = complete.filter((d) => d.percent === undefined);
      for (const d of missing) {
        const written = d.subset === null ? d.service : `${d.service}@${d.subset}`;
        this.diagnostics.push(
          createDiagnostic(Messages.Each_destination_in_a_distribution_needs_a_percentage, d.span, [written]),
        );
      }
      if (missing.length > 0) return undefined;
    }
    const targets: DestinationTarget[] = complete.map((d) => ({
      kind: "target",
      span: d.span,
      service: d.service,
      subset: d.subset,
      percent: d.percent ?? 100,
    }));
    const sum = targets.reduce((total, t) => total + t.percent, 0);
    if (sum > 100 + 1e-9) {
      this.diagnostics.push(
        createDiagnostic(Messages.Percentages_add_up_to_0_more_than_100, span, [percentOf(sum / 100)]),
      );
      return undefined;
    }
    return { kind: "distribution", span, targets };
  }

  target(ctx: C.TargetCstChildren, span: Span, percent: number | null | undefined): TargetDraft | undefined {
    const [service, subset] = (ctx.Name ?? []).filter((t) => !t.isInsertedInRecovery);
    if (service === undefined || percent === null) return undefined;
    if (ctx.At !== undefined && subset === undefined) return undefined;
    return { span, service: service.image, subset: subset?.image ?? null, percent };
  }

  percentage(ctx: C.PercentageCstChildren): number | null {
    const token = real(ctx.NumberLiteral);
    return (token && percentValue(token, this.file, this.diagnostics)) ?? null;
  }
}
