/**
 * Every Istio document meshc emits for the examples passes Istio's own OpenAPI schema, as generated from Istio's
 * CRDs by @kubernetes-models/istio (2.3.0, Istio 1.18 CRDs; the newest line that runs on Node 20). Those CRDs serve
 * v1beta1, whose schema is identical to v1's, so v1 documents are checked against the v1beta1 model.
 */
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule";
import { Gateway } from "@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway";
import { ServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1beta1/ServiceEntry";
import { Sidecar } from "@kubernetes-models/istio/networking.istio.io/v1beta1/Sidecar";
import { VirtualService } from "@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService";
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1beta1/AuthorizationPolicy";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication";
import { RequestAuthentication } from "@kubernetes-models/istio/security.istio.io/v1beta1/RequestAuthentication";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { emitIstio } from "../../compiler/emit/istio/index.ts";
import { compile } from "../../compiler/pipeline.ts";
import { EXAMPLES, exampleInput } from "../support/examples.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  VirtualService,
  DestinationRule,
  Gateway,
  ServiceEntry,
  Sidecar,
  PeerAuthentication,
  AuthorizationPolicy,
  RequestAuthentication,
};

function schemaErrors(object: {
  kind: string;
  apiVersion: string;
  metadata: unknown;
  spec: unknown;
}): string | undefined {
  const Model = MODELS[object.kind];
  if (Model === undefined) return `no schema for kind ${object.kind}`;
  try {
    new Model({ metadata: object.metadata, spec: object.spec }).validate();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const Schema = suite("emitted Istio documents pass Istio's OpenAPI schema");

for (const name of EXAMPLES) {
  Schema(`every document of ${name}`, () => {
    const c = compile([exampleInput(name)]);
    assert.ok(c.ir, `${name} did not compile`);
    // Gateway API resources are emitted as the user wrote them (docs/inputs.md); Istio's schemas are not theirs, and a
    // Gateway API Gateway must not be checked against Istio's Gateway by its kind alone.
    const objects = emitIstio(c.ir).filter((o) => /^(networking|security)\.istio\.io\//.test(o.apiVersion));
    const failures = objects
      .map((o) => [`${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, schemaErrors(o)])
      .filter(([, e]) => e !== undefined);
    assert.equal(failures, []);
    assert.ok(objects.length > 0, `${name} emitted no documents`);
  });
}

Schema("the validator itself rejects a malformed document (so the test above can fail)", () => {
  assert.match(
    schemaErrors({
      kind: "VirtualService",
      apiVersion: "networking.istio.io/v1",
      metadata: { name: "x" },
      spec: { hosts: "reviews" },
    }) ?? "",
    "spec/hosts must be array",
  );
});

Schema.run();
