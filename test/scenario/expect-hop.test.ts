/** `expect hop N ...` (docs/scenarios.md): parsing into a HopExpectation, and checking it against `hops`. */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Hop, Outcome, SimulationResult } from "../../compiler/eval/types.ts";
import { checkExpectations, parseScenarios, serviceResolver, type Expectation } from "../../compiler/scenario/index.ts";

const GW = "istio-egressgateway.istio-system.svc.cluster.local";
const CNN = "edition.cnn.com";
const resolver = serviceResolver([GW, CNN, "sleep.default.svc.cluster.local", "sleep.other.svc.cluster.local"]);

function expectations(...lines: string[]): readonly Expectation[] {
  const { value, diagnostics } = parseScenarios(
    `scenario "s"\n  GET http://edition.cnn.com:80/politics from default/sleep\n${lines.map((l) => `  ${l}\n`).join("")}`,
    "t.scenarios",
  );
  assert.equal(diagnostics, []);
  return value.scenarios[0]!.expectations;
}

const sidecarHop: Hop = {
  proxy: "default/sleep",
  route: { resource: "VirtualService default/direct-cnn-through-egress-gateway", index: 0, name: null },
  destination: { service: GW, subset: "cnn", port: 80, cluster: `outbound|80|cnn|${GW}` },
  tls: "plaintext",
  authz: null,
};
const gatewayHop: Hop = {
  proxy: "istio-system/istio-egressgateway",
  route: { resource: "VirtualService default/direct-cnn-through-egress-gateway", index: 1, name: null },
  destination: { service: CNN, subset: null, port: 443, cluster: `outbound|443||${CNN}` },
  tls: "origination",
  authz: { decision: "ALLOW", policy: "istio-system/egressgateway", rule: 0 },
};
const denied: Hop = {
  ...gatewayHop,
  route: null,
  destination: null,
  tls: null,
  authz: { decision: "DENY", policy: null, rule: null },
};

function outcome(hops: readonly Hop[] | undefined, probability = 1): Outcome {
  const last = hops?.at(-1);
  return {
    probability,
    status: last?.destination === null ? 403 : 200,
    destination: last?.destination ?? { service: CNN, subset: null, port: 80, cluster: `outbound|80||${CNN}` },
    mtls: false,
    authz: last?.authz ?? null,
    fault: null,
    ...(hops === undefined ? {} : { hops }),
  };
}

function result(outcomes: readonly Outcome[]): SimulationResult {
  return {
    request: { method: "GET", host: CNN, port: 80, path: "/politics", headers: {}, source: "default/sleep" },
    route: sidecarHop.route,
    timeout: null,
    retries: null,
    outcomes,
    trace: [],
  };
}

const failure = (e: Expectation, hop: number, expected: string, found: string) => ({
  expectation: e,
  expected: `hop ${hop} ${expected}`,
  found,
  diagnostic: {
    code: 5009,
    severity: "error",
    message: `Expected hop ${hop} to be ${expected} but found ${found}.`,
    span: e.span,
  },
});

const THROUGH = result([outcome([sidecarHop, gatewayHop])]);

// ---------------------------------------------------------------------------------------------------------------------
const Parse = suite("expect hop: the AST");

Parse("every part, in the grammar's order", () => {
  const [e] = expectations(
    "expect hop 2 at istio-system/istio-egressgateway to edition.cnn.com origination allow by istio-system/egressgateway",
  );
  const { span: _span, ...rest } = e as Extract<Expectation, { kind: "hop" }>;
  const { span: _dspan, ...destination } = rest.destination!;
  assert.equal(
    { ...rest, destination },
    {
      kind: "hop",
      hop: 2,
      proxy: "istio-system/istio-egressgateway",
      destination: { service: CNN, subset: null },
      tls: "origination",
      authz: { decision: "ALLOW", policy: "istio-system/egressgateway" },
    },
  );
});

Parse("one part alone; a subset; `deny by default`", () => {
  const [a, b, c] = expectations(
    "expect hop 1 mtls",
    "expect hop 1 to istio-egressgateway.istio-system@cnn",
    "expect hop 2 deny by default",
  );
  assert.equal((a as Extract<Expectation, { kind: "hop" }>).tls, "mtls");
  assert.equal((b as Extract<Expectation, { kind: "hop" }>).destination?.subset, "cnn");
  assert.equal((c as Extract<Expectation, { kind: "hop" }>).authz, { decision: "DENY", policy: null });
});

Parse.run();

// ---------------------------------------------------------------------------------------------------------------------
const Holds = suite("expect hop: expectations that hold");

Holds("each hop of a sidecar → egress gateway → external host path", () => {
  const es = expectations(
    "expect hop 1 at default/sleep to istio-egressgateway.istio-system@cnn plaintext",
    "expect hop 2 at istio-system/istio-egressgateway to edition.cnn.com origination allow by istio-system/egressgateway",
    "expect hop 2 allow",
    "expect hop 1 to istio-egressgateway.istio-system",
  );
  assert.equal(checkExpectations(THROUGH, es, resolver), []);
});

Holds("a gateway that denies: no destination is asked for, the decision is its own", () => {
  const es = expectations("expect hop 2 at istio-system/istio-egressgateway deny by default");
  assert.equal(checkExpectations(result([outcome([sidecarHop, denied])]), es, resolver), []);
});

Holds.run();

// ---------------------------------------------------------------------------------------------------------------------
const Fails = suite("expect hop: failures name the parts written (MESH5009)");

Fails("the wrong TLS and decision", () => {
  const [e] = expectations("expect hop 2 to edition.cnn.com plaintext deny");
  assert.equal(checkExpectations(THROUGH, [e!], resolver), [
    failure(
      e!,
      2,
      "to edition.cnn.com, plaintext, denied",
      "to edition.cnn.com, originating TLS, allowed by istio-system/egressgateway",
    ),
  ]);
});

Fails("a single-hop result has no hop 2", () => {
  const [e] = expectations("expect hop 2 to edition.cnn.com");
  assert.equal(checkExpectations(result([outcome(undefined)]), [e!], resolver), [
    failure(e!, 2, "to edition.cnn.com", "no hop 2 (the request crossed one proxy, status 200)"),
  ]);
});

Fails("every outcome must hold: half of them denied at the gateway", () => {
  const [e] = expectations("expect hop 2 to edition.cnn.com");
  const split = result([outcome([sidecarHop, gatewayHop], 0.5), outcome([sidecarHop, denied], 0.5)]);
  assert.equal(checkExpectations(split, [e!], resolver), [
    failure(e!, 2, "to edition.cnn.com", "to edition.cnn.com 50%, sent nowhere (status 403) 50%"),
  ]);
});

Fails("another proxy, another subset", () => {
  const [e] = expectations("expect hop 1 at default/curl to istio-egressgateway.istio-system@other");
  assert.equal(checkExpectations(THROUGH, [e!], resolver), [
    failure(e!, 1, "at default/curl, to istio-egressgateway.istio-system@other", `at default/sleep, to ${GW}@cnn`),
  ]);
});

Fails("an ambiguous short name is MESH5008 at the destination", () => {
  const [e] = expectations("expect hop 1 to sleep");
  const failures = checkExpectations(THROUGH, [e!], resolver);
  assert.equal(
    failures.map((f) => [f.diagnostic.code, f.diagnostic.span]),
    [[5008, (e as Extract<Expectation, { kind: "hop" }>).destination!.span]],
  );
});

Fails.run();
