/**
 * Every Gateway API kind and version meshc reads (compiler/load/kinds.ts) is validated against a CRD schema: a version
 * without a compiled validator would pass unchecked.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { validatorFor } from "../../compiler/check/schema/validate-schemas.ts";
import { classifyKind, GATEWAY_API_GROUP } from "../../compiler/load/kinds.ts";

const Validators = suite("Gateway API validators");

const KINDS = ["Gateway", "GatewayClass", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "ReferenceGrant"];
const VERSIONS = ["v1", "v1beta1", "v1alpha3", "v1alpha2", "v1alpha1"];

Validators("each served apiVersion/kind has a validator, and only those", () => {
  const missing: string[] = [];
  let served = 0;
  for (const kind of KINDS)
    for (const version of VERSIONS) {
      const apiVersion = `${GATEWAY_API_GROUP}/${version}`;
      const recognised = classifyKind(apiVersion, kind).status === "recognised";
      if (recognised) served++;
      if (recognised !== (validatorFor(apiVersion, kind) !== undefined)) missing.push(`${apiVersion}/${kind}`);
    }
  assert.equal(missing, []);
  assert.equal(served, 15);
});

Validators.run();
