/**
 * Route rules and matches that can never apply because an earlier one takes their requests. Istio tries rules in
 * order and the first match wins (https://istio.io/latest/docs/concepts/traffic-management/#routing-rule-precedence).
 * istioctl analyze reports exact duplicates and rules after a match-less rule (IST0130/IST0131, from
 * `pkg/config/validation/validation.go` `analyzeUnreachableHTTPRules`/`TCPRules`/`TLSRules`) and URI prefixes covered
 * by an earlier prefix; meshc also finds exact, prefix and regex URIs, headers, query parameters and methods covered by
 * an earlier, broader match (`_match-cover.ts`).
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { VirtualServiceNode } from "../../ir/ir.ts";
import type { HTTPMatchRequest, L4MatchAttributes, TLSMatchAttributes } from "../../ir/istio-api.ts";
import { forEachNode, relatedAt, type Report, type Rule } from "../_rule.ts";
import { canonicalJson, ruleName } from "./_context.ts";
import { matchCovers } from "./_match-cover.ts";

type Section = "http" | "tcp" | "tls";
type Match = HTTPMatchRequest | L4MatchAttributes | TLSMatchAttributes;

interface Seen {
  readonly match: Match;
  readonly key: string;
  /** How messages name it: `match <name> of rule <name>`, and the two names. */
  readonly label: string;
  readonly names: readonly [match: string, rule: string];
  readonly path: (string | number)[];
}

const withoutName = (m: Match): string => canonicalJson({ ...m, name: undefined });

function checkSection(vs: VirtualServiceNode, report: Report, section: Section): void {
  const rules = vs.spec[section] ?? [];
  const seen: Seen[] = [];
  let catchAll: number | undefined;
  rules.forEach((rule, i) => {
    const path = ["spec", section, i];
    const matches: readonly Match[] = rule.match ?? [];
    if (catchAll !== undefined) {
      const related = [
        relatedAt(
          vs,
          ["spec", section, catchAll],
          Messages.Rule_0_is_unreachable_after_catch_all_rule_1.related.catchAll,
          [ruleName(rules[catchAll], catchAll)],
        ),
      ];
      report(
        Messages.Rule_0_is_unreachable_after_catch_all_rule_1,
        path,
        [ruleName(rule, i), ruleName(rules[catchAll], catchAll)],
        related,
      );
      return;
    }
    if (matches.length === 0) {
      catchAll = i;
      return;
    }
    let shadowed = 0;
    const shadowers: Seen[] = [];
    matches.forEach((m, j) => {
      const at = [...path, "match", j];
      const key = withoutName(m);
      const dup = seen.find((s) => s.key === key);
      const cover = dup ?? (section === "http" ? seen.find((s) => matchCovers(s.match, m)) : undefined);
      if (cover) {
        shadowed++;
        shadowers.push(cover);
        const message = dup ? Messages.Match_0_of_rule_1_duplicates_2 : Messages.Match_0_of_rule_1_is_shadowed_by_2;
        const related = [relatedAt(vs, cover.path, message.related.earlier, cover.names)];
        report(message, at, [ruleName(m, j), ruleName(rule, i), cover.label], related);
      }
      const names = [ruleName(m, j), ruleName(rule, i)] as const;
      seen.push({ match: m, key, label: `match ${names[0]} of rule ${names[1]}`, names, path: at });
    });
    if (shadowed === matches.length) {
      const related = shadowers.map((s) =>
        relatedAt(vs, s.path, Messages.Rule_0_is_unreachable_all_its_matches_are_taken.related.taker, s.names),
      );
      report(Messages.Rule_0_is_unreachable_all_its_matches_are_taken, path, [ruleName(rule, i)], related);
    }
  });
}

/** Rules after a catch-all (MESH2220), fully shadowed rules (MESH2221), duplicate (MESH2222) and covered (MESH2223) matches. */
export const unreachableRules: Rule = forEachNode("virtualService", (vs, report) => {
  for (const section of ["http", "tcp", "tls"] as const) checkSection(vs, report, section);
});
