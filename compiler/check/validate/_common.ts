/** Checks several resource kinds share: string matches, selectors, durations, header operations. */
import { Messages } from "../../diagnostics/messages.ts";
import { isRecord, record, str } from "../../ir/_read.ts";
import type { FieldPath } from "../../diagnostics/span.ts";
import { durationProblem } from "./_duration.ts";
import type { Report } from "./_report.ts";
import { isValidLabelKey, isValidLabelValue, regexProblem } from "./_values.ts";

/** istio `validateStringMatch` / `validateStringMatchRegexp`: prefix and regex non-empty, regex valid RE2. */
export function checkStringMatch(report: Report, match: unknown, path: FieldPath, where: string): void {
  if (!isRecord(match)) return;
  for (const key of ["prefix", "regex"] as const) {
    if (match[key] === "") report(Messages.Empty_string_match_0, [...path, key], [`${where}.${key}`]);
  }
  const re = str(match["regex"]);
  if (re) {
    const problem = regexProblem(re);
    if (problem !== undefined) report(Messages.Invalid_regex_0_Colon_1, [...path, "regex"], [re, problem]);
  }
}

/** istio `agent.ValidateDuration` on an optional duration field. */
export function checkDuration(report: Report, value: unknown, path: FieldPath): void {
  const problem = durationProblem(value);
  if (problem) report(problem, path, [String(value)]);
}

/** istio `labels.Instance.Validate`: keys and values are Kubernetes labels. */
export function checkLabels(report: Report, labels: unknown, path: FieldPath): void {
  for (const [k, v] of Object.entries(record(labels))) {
    if (!isValidLabelKey(k)) report(Messages.Invalid_label_0, [...path, k], [k]);
    else if (typeof v === "string" && !isValidLabelValue(v))
      report(Messages.Invalid_label_0, [...path, k], [`${k}=${v}`]);
  }
}

/** istio `validateWorkloadSelector`: no wildcards, and a warning for a selector without labels. */
export function checkWorkloadSelector(
  report: Report,
  selector: unknown,
  path: FieldPath,
  labelsField = "matchLabels",
): void {
  if (!isRecord(selector)) return;
  const labels = record(selector[labelsField]);
  if (Object.keys(labels).length === 0) report(Messages.Empty_workload_selector, path);
  for (const [k, v] of Object.entries(labels)) {
    if (k.includes("*") || String(v).includes("*"))
      report(Messages.Wildcard_in_selector_0, [...path, labelsField, k], [`${k}=${String(v)}`]);
  }
  checkLabels(report, labels, [...path, labelsField]);
}

/** istio `validateOneOfSelectorType`: at most one of selector, targetRef, targetRefs. */
export function checkOneSelectorType(report: Report, spec: Readonly<Record<string, unknown>>): void {
  const set = ["selector", "targetRef", "targetRefs"].filter(
    (k) => spec[k] !== undefined && !(Array.isArray(spec[k]) && (spec[k] as unknown[]).length === 0),
  );
  if (set.length > 1) report(Messages.Only_one_of_selector_targetRef_targetRefs, ["spec", set[1]!]);
}
