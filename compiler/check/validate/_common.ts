/** Checks several resource kinds share: string matches, selectors, durations, header operations. */
import { Messages } from "../../diagnostics/messages.ts";
import type {
  DurationString,
  Labels,
  NetworkingWorkloadSelector,
  PolicyTargetReference,
  StringMatch,
  WorkloadSelector,
} from "../../ir/istio-api.ts";
import type { FieldPath } from "../../diagnostics/span.ts";
import { stringMatchParts, type Report } from "../_rule.ts";
import { durationProblem } from "./_duration.ts";
import { isValidLabelKey, isValidLabelValue, regexProblem } from "./_values.ts";

/** istio `validateStringMatch` / `validateStringMatchRegexp`: prefix and regex non-empty, regex valid RE2. */
export function checkStringMatch(report: Report, match: StringMatch | undefined, path: FieldPath, where: string): void {
  if (typeof match !== "object" || match === null || Array.isArray(match)) return;
  const parts = stringMatchParts(match);
  for (const key of ["prefix", "regex"] as const) {
    if (parts[key] === "") report(Messages.Empty_string_match_0, [...path, key], [`${where}.${key}`]);
  }
  const re = typeof parts.regex === "string" ? parts.regex : undefined;
  if (re) {
    const problem = regexProblem(re);
    if (problem !== undefined) report(Messages.Invalid_regex_0_Colon_1, [...path, "regex"], [re, problem]);
  }
}

/** istio `agent.ValidateDuration` on an optional duration field. */
export function checkDuration(report: Report, value: DurationString | undefined, path: FieldPath): void {
  const problem = durationProblem(value);
  if (problem) report(problem, path, [String(value)]);
}

/** istio `labels.Instance.Validate`: keys and values are Kubernetes labels. */
export function checkLabels(report: Report, labels: Labels | undefined, path: FieldPath): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (!isValidLabelKey(k)) report(Messages.Invalid_label_0, [...path, k], [k]);
    else if (typeof v === "string" && !isValidLabelValue(v))
      report(Messages.Invalid_label_0, [...path, k], [`${k}=${v}`]);
  }
}

/** The labels of a selector that is set, checked as istio `validateWorkloadSelector` does. */
function checkSelectorLabels(report: Report, labels: Labels | undefined, path: FieldPath, field: string): void {
  const set = labels ?? {};
  if (Object.keys(set).length === 0) report(Messages.Empty_workload_selector, path);
  for (const [k, v] of Object.entries(set)) {
    if (k.includes("*") || String(v).includes("*"))
      report(Messages.Wildcard_in_selector_0, [...path, field, k], [`${k}=${String(v)}`]);
  }
  checkLabels(report, set, [...path, field]);
}

const isSet = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

/** istio `validateWorkloadSelector` (`matchLabels`): no wildcards, and a warning for a selector without labels. */
export function checkWorkloadSelector(report: Report, selector: WorkloadSelector | undefined, path: FieldPath): void {
  if (selector !== undefined && isSet(selector)) checkSelectorLabels(report, selector.matchLabels, path, "matchLabels");
}

/** The same for `networking.v1.WorkloadSelector` (`labels`: ServiceEntry, Sidecar). */
export function checkNetworkingWorkloadSelector(
  report: Report,
  selector: NetworkingWorkloadSelector | undefined,
  path: FieldPath,
): void {
  if (selector !== undefined && isSet(selector)) checkSelectorLabels(report, selector.labels, path, "labels");
}

/** The policy fields that pick workloads: a selector, or targetRef(s). */
export interface PolicySelection {
  readonly selector?: WorkloadSelector;
  readonly targetRef?: PolicyTargetReference;
  readonly targetRefs?: readonly PolicyTargetReference[];
}

/** istio `validateOneOfSelectorType`: at most one of selector, targetRef, targetRefs. */
export function checkOneSelectorType(report: Report, spec: PolicySelection): void {
  const given = { selector: spec.selector, targetRef: spec.targetRef, targetRefs: spec.targetRefs };
  const set = (Object.keys(given) as (keyof PolicySelection)[]).filter(
    (k) => given[k] !== undefined && !(Array.isArray(given[k]) && given[k].length === 0),
  );
  if (set.length > 1) report(Messages.Only_one_of_selector_targetRef_targetRefs, ["spec", set[1]!]);
}
