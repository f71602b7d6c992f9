/**
 * Fractional percentages and runtime snapshots (envoy `source/common/protobuf/utility.cc`
 * `ProtobufPercentHelper::evaluateFractionalPercent`: `random % denominator < numerator`, strictly less).
 */
import {
  FractionalPercent_DenominatorType,
  type FractionalPercent,
} from "../../../emit/envoy/gen/envoy/type/v3/percent.ts";
import type { RuntimeSnapshot } from "./types.ts";

/** HUNDRED → 100, TEN_THOUSAND → 10 000, MILLION → 1 000 000. */
export function denominatorOf(p: FractionalPercent): bigint {
  switch (p.denominator) {
    case FractionalPercent_DenominatorType.HUNDRED:
      return 100n;
    case FractionalPercent_DenominatorType.TEN_THOUSAND:
      return 10_000n;
    case FractionalPercent_DenominatorType.MILLION:
      return 1_000_000n;
    default:
      return 100n;
  }
}

export function evaluateFractionalPercent(p: FractionalPercent, random: bigint): boolean {
  return random % denominatorOf(p) < BigInt(p.numerator);
}

/** Envoy with no runtime layer: every key falls back to its default value. */
export const DEFAULT_RUNTIME: RuntimeSnapshot = {
  featureEnabled: (_key, defaultValue, random) => evaluateFractionalPercent(defaultValue, random),
};

/**
 * The router_check_tool's runtime mock (test/tools/router_check/router.cc `RouterCheckTool::runtimeMock`): a
 * fraction is enabled only for the test's `input.runtime` key, and then by the default value.
 */
export function routerCheckRuntime(activeKey: string): RuntimeSnapshot {
  return {
    featureEnabled: (key, defaultValue, random) =>
      activeKey !== "" && key === activeKey && evaluateFractionalPercent(defaultValue, random),
  };
}
