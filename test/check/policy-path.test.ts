import { test } from "uvu";
import * as assert from "uvu/assert";
import { isValidPolicyPath } from "../../compiler/check/validate/authorization-rules.ts";

// istio pkg/config/security/security.go CheckValidPathTemplate, and the paths of Istio's own authz builder goldens
// (pilot/pkg/security/authz/builder/testdata/http/allow-full-rule-in.yaml, single-policy-in.yaml).
test("AuthorizationPolicy paths accepted and rejected as Istio's CheckValidPathTemplate does", () => {
  const accepted = [
    "/exact",
    "/prefix/*",
    "*/suffix",
    "*",
    "/path/template/{*}",
    "/{**}/path/template",
    "rule[0]-to[0]-path[1]",
    "/a/{*}/{*}/{**}",
  ];
  const rejected = ["/a/{x}", "/a/{**}/{*}", "/a/{**}/{**}", "/a/b{*}", "/a/{*}/b c"];
  assert.equal(
    accepted.filter((p) => !isValidPolicyPath(p)),
    [],
  );
  assert.equal(
    rejected.filter((p) => isValidPolicyPath(p)),
    [],
  );
});

test.run();
