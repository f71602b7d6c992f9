/**
 * 1400–1499: the project configuration (`meshc.config.json`, or the `meshc` key of package.json) and suppressions
 * (`--suppress`, the `galley.istio.io/analyze-suppress` annotation, the DSL's `suppress` option).
 */
import { diag } from "../diagnostic.ts";

export const configMessages = {
  Invalid_suppression_0: diag(1401, "error", "'{0}' is not a valid suppression.", {
    hint: "Write it as istioctl analyze does: 'CODE=Kind name.namespace' (or 'CODE=Kind namespace/name'), with '*' as a wildcard.",
    why: "A suppression names one code and the resources it applies to; anything else cannot be matched.",
    bad: 'meshc check mesh/ --suppress "MESH2209 reviews"',
    fixed: 'meshc check mesh/ --suppress "MESH2209=DestinationRule reviews.bookinfo"',
    lang: "shell",
  }),
  Code_0_is_not_reported_by_meshc: diag(
    1402,
    "warning",
    "'{0}' is not a code meshc reports, so the suppression has no effect.",
    {
      hint: "Use a MESH code from docs/diagnostics.md, or an istioctl analyze code meshc maps: {1}.",
      why: "A suppression of a code that never occurs hides nothing; usually the code is misspelt.",
      bad: 'meshc check mesh/ --suppress "MESH22O9=DestinationRule *"',
      fixed: 'meshc check mesh/ --suppress "MESH2209=DestinationRule *"',
      lang: "shell",
    },
  ),
  Suppression_0_matched_no_finding: diag(1403, "warning", "The suppression '{0}' matched no finding.", {
    hint: "Remove it: the finding it was written for is gone, or the resource name is wrong.",
    why: "Stale suppressions hide nothing today and something unintended tomorrow.",
    bad: '"suppress": ["MESH2209=DestinationRule reviews.bookinfo"]   // reviews now routes to its subsets',
    fixed: '"suppress": []',
    lang: "text",
  }),
  Annotation_suppresses_0_but_no_such_finding: diag(
    1404,
    "warning",
    "The annotation 'galley.istio.io/analyze-suppress' suppresses '{0}', but this resource has no such finding.",
    {
      hint: "Remove '{0}' from the annotation (or the 'suppress' option): the finding is gone.",
      why: "Stale suppressions hide nothing today and something unintended tomorrow.",
      bad: 'metadata:\n  annotations:\n    galley.istio.io/analyze-suppress: "MESH2209"   # its subsets are routed to now',
      fixed: "metadata: {}",
    },
  ),
  Code_0_cannot_be_suppressed: diag(
    1405,
    "warning",
    "'{0}' cannot be suppressed, because the cluster itself rejects what it reports.",
    {
      hint: "Fix the resource: the API server or Istio's admission webhook would refuse it whatever meshc prints.",
      why: "Suppressions hide findings of the analysis; they cannot make a resource the cluster rejects acceptable.",
      bad: 'meshc check mesh/ --suppress "MESH2011=VirtualService *"',
      fixed: "# fix the field MESH2011 points at",
      lang: "shell",
    },
  ),
  Invalid_configuration_0: diag(1410, "error", "Invalid meshc configuration: {0}.", {
    hint: "meshc.config.json (or the 'meshc' key of package.json) may set 'inputs', 'out', 'suppress', 'failureThreshold' and 'istiod'.",
    why: "A configuration meshc cannot read would silently change what every command does.",
    bad: '{ "supress": ["MESH2209=DestinationRule *"] }',
    fixed: '{ "suppress": ["MESH2209=DestinationRule *"] }',
    lang: "text",
  }),
  Istiod_flag_0_is_not_modelled: diag(1411, "error", "'{0}' is not an istiod feature flag meshc models.", {
    hint: "meshc models these istiod flags: {1}. Remove '{0}' from 'istiod.env', or check its spelling.",
    why: "istiod would run with the flag and meshc without it, so every simulation would silently describe another control plane.",
    bad: '{ "istiod": { "env": { "PILOT_ENABLE_HEADLESS_FILTER_CHAINS": "true" } } }',
    fixed: '{ "istiod": { "env": { "PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER": "true" } } }',
    lang: "text",
  }),
  Istiod_flag_0_takes_a_boolean_Colon_found_1: diag(
    1412,
    "error",
    "istiod feature flag '{0}' takes a boolean; found {1}.",
    {
      hint: "Write true or false (istiod also reads 1, t, TRUE, True, 0, f, FALSE and False, as Go's strconv.ParseBool does).",
      why: "istiod ignores a value it cannot parse and keeps the flag's default, which is rarely what the value meant.",
      bad: '{ "istiod": { "env": { "PILOT_ENABLE_IP_AUTOALLOCATE": "no" } } }',
      fixed: '{ "istiod": { "env": { "PILOT_ENABLE_IP_AUTOALLOCATE": "false" } } }',
      lang: "text",
    },
  ),
} as const;
