/** 5200–5299: `meshc diff` (docs/diff.md): what keeps a diff from being exhaustive, and reading a git revision. */
import { diag } from "../diagnostic.ts";

export const diffMessages = {
  Diff_predicate_0_is_sampled: diag(
    5201,
    "warning",
    "The diff cannot analyse {0} exactly, so the requests it splits are sampled, not enumerated.",
    {
      hint: "Rewrite the regex without backreferences, lookaround, word boundaries or inline flags other than a leading '(?i)' or '(?s)'.",
      why: "meshc diff turns every match into a regular language to enumerate the requests it separates; RE2 constructs outside that subset are only sampled, so a change confined to them could be missed.",
      bad: "uri: {regex: '/api/(?i:Users)/[0-9]+'}",
      fixed: "uri: {regex: '(?i)/api/users/[0-9]+'}",
      lang: "yaml",
    },
  ),
  Diff_attribute_0_of_1_has_too_many_classes: diag(
    5202,
    "error",
    "The {0} matches for '{1}' split its requests into more than {2} classes, so the diff skips that destination.",
    {
      hint: "Merge overlapping matches (one regex instead of many prefixes), or split the VirtualService by host.",
      why: "Each combination of matches a value can meet is a class the diff evaluates; beyond 512 per attribute the diff would not finish in reasonable time.",
      bad: "uri: {regex: '.*a.*'} ... uri: {regex: '.*j.*'}   (ten independent regexes: 1,024 combinations)",
      fixed: "uri: {regex: '.*[a-j].*'}",
      lang: "text",
    },
  ),
  Diff_destination_0_has_1_cells: diag(
    5203,
    "error",
    "The requests to '{0}' fall into {1} classes, more than the limit of {2}, so the diff skips that destination.",
    {
      hint: "Fewer header and query matches per host keep the product of classes small.",
      why: "The diff evaluates one request per combination of sources and attribute classes; the product grows with every independent header or query match.",
      bad: "headers: {x-a: {exact: '1'}, x-b: {exact: '1'}, ..., x-t: {exact: '1'}}   (2^20 combinations per source)",
      fixed: "headers: {x-flags: {regex: '.*(a|b|...|t).*'}}",
      lang: "text",
    },
  ),
  Cannot_read_0_at_git_revision_1: diag(5204, "error", "Cannot read '{0}' at git revision '{1}': {2}.", {
    hint: "Give a revision git knows ('main', 'HEAD~1', a commit id) and inputs inside the repository.",
    why: "'meshc diff --base <rev>' reads the same inputs as they were at that revision with 'git show', without a checkout.",
    bad: "meshc diff --base no-such-branch mesh.yaml",
    fixed: "meshc diff --base main mesh.yaml",
    lang: "text",
  }),
} as const;
