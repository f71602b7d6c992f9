/**
 * Istio behaviours meshc does not model yet, each recognised from a case's input (never from its name or file), so
 * that a check which fails because of one is reported as a visible skip naming the missing feature, on any table that
 * exercises it, while a check that passes always counts as a pass. A failing check no gap explains is a failure.
 * Remove an entry when the behaviour is modelled (issue 13).
 */
import yaml from "js-yaml";
import type { SimCase, SimCheck } from "./cases.ts";
import type { Json as Doc } from "./xdstest.ts";

export interface Gap {
  /** The Istio behaviour, with the Go source that implements it. */
  readonly feature: string;
  readonly applies: (docs: readonly Doc[], c: SimCase, check: SimCheck) => boolean;
}

/** Empty: every behaviour the shared cases exercise is modelled. Held-out tables may still exercise others. */
export const GAPS: readonly Gap[] = [];

/** The first gap that the case's input exhibits for this check, if any. */
export function gapFor(c: SimCase, check: SimCheck): string | undefined {
  const docs = yaml.loadAll(c.config).filter((d): d is Doc => d !== null && typeof d === "object");
  return GAPS.find((g) => g.applies(docs, c, check))?.feature;
}
