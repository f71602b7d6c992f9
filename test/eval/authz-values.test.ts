/**
 * The Istio engine's reading of AuthorizationPolicy values must match, value for value, the Envoy matcher istiod
 * writes for them (istio pilot/pkg/security/authz/matcher/string.go `StringMatcherWithPrefix`, emitted by
 * compiler/emit/envoy/authz/matchers.ts and evaluated by the Envoy engine). In particular a principal with a leading
 * `*` is the regex `spiffe://.*<rest>` with the rest not quoted, so regex syntax in it keeps its meaning.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { stringMatcherWithPrefix } from "../../compiler/emit/envoy/authz/matchers.ts";
import { matchStringMatcher } from "../../compiler/eval/envoy/route/string-matcher.ts";
import { wildcardMatch } from "../../compiler/eval/istio/authz-values.ts";

const Values = suite("authorization values: Istio engine = the emitted Envoy matcher");

const PRINCIPALS = ["*", "*a.b", "*/sa/x[", "*/sa/(x|y)", "cluster.local/*", "td/ns/a/sa/b", "*.local/ns/a/sa/b"];
const PEERS = ["spiffe://xa-b", "spiffe://a.b", "spiffe://t/sa/x[", "spiffe://t/sa/y", "spiffe://t/sa/(x|y)"].concat([
  "spiffe://cluster.local/ns/a/sa/b",
  "spiffe://td/ns/a/sa/b",
  "spiffe://c-local/ns/a/sa/b",
]);

Values("principals (prefix spiffe://), every pattern against every peer", () => {
  const istio = PRINCIPALS.map((p) => PEERS.map((v) => wildcardMatch(p, v, "spiffe://")));
  const envoy = PRINCIPALS.map((p) => PEERS.map((v) => matchStringMatcher(stringMatcherWithPrefix(p, "spiffe://"), v)));
  assert.equal(istio, envoy);
  // GIVEN `*a.b`, THEN the `.` is any character, as in Envoy's regex `spiffe://.*a.b`.
  assert.is(wildcardMatch("*a.b", "spiffe://xa-b", "spiffe://"), true);
});

Values("plain values (no prefix): suffix, prefix and exact matches stay literal", () => {
  const patterns = ["*", "*.b", "a.*", "a.b"];
  const values = ["a.b", "axb", "x.b", "a.c"];
  const istio = patterns.map((p) => values.map((v) => wildcardMatch(p, v)));
  const envoy = patterns.map((p) => values.map((v) => matchStringMatcher(stringMatcherWithPrefix(p, ""), v)));
  assert.equal(istio, envoy);
});

Values.run();
