import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Outcome, SimulationResult } from "../../compiler/eval/types.ts";
import { checkExpectations, parseScenarios, serviceResolver, type Expectation } from "../../compiler/scenario/index.ts";

const REVIEWS = "reviews.bookinfo.svc.cluster.local";
const HOSTS = [REVIEWS, "ratings.bookinfo.svc.cluster.local", "details.bookinfo.svc.cluster.local"];
const resolver = serviceResolver(HOSTS, "bookinfo");

/** The expectations of `lines`, parsed as one scenario (so they carry real spans). */
function expectations(...lines: string[]): readonly Expectation[] {
  const { value, diagnostics } = parseScenarios(
    `scenario "s"\n  GET http://reviews:9080/\n${lines.map((l) => `  ${l}\n`).join("")}`,
    "t.scenarios",
  );
  assert.equal(diagnostics, []);
  return value.scenarios[0]!.expectations;
}

function outcome(subset: string | null, probability: number, extra: Partial<Outcome> = {}): Outcome {
  return {
    probability,
    status: 200,
    destination: { service: REVIEWS, subset, port: 9080, cluster: `outbound|9080|${subset ?? ""}|${REVIEWS}` },
    mtls: true,
    authz: { decision: "ALLOW", policy: "bookinfo/reviews-viewer", rule: 0 },
    fault: null,
    ...extra,
  };
}

function result(outcomes: readonly Outcome[], extra: Partial<SimulationResult> = {}): SimulationResult {
  return {
    request: { method: "GET", host: REVIEWS, port: 9080, path: "/", headers: {}, source: "bookinfo/productpage-v1" },
    route: { resource: "VirtualService bookinfo/reviews", index: 0, name: "jason" },
    timeout: "0s",
    retries: {
      attempts: 2,
      perTryTimeout: null,
      retryOn: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
    },
    outcomes,
    trace: [],
    ...extra,
  };
}

/** The failure `checkExpectations` must return for the single expectation `e`. */
function failure(e: Expectation, code: number, message: string, expected: string, found: string) {
  return { expectation: e, expected, found, diagnostic: { code, severity: "error", message, span: e.span } };
}

const JASON = result([outcome("v2", 1)]);
const CANARY = result([outcome("v1", 0.45, { fault: { delay: "1s" } }), outcome("v1", 0.45), outcome("v2", 0.1)], {
  route: { resource: "VirtualService bookinfo/reviews", index: 1, name: "canary" },
});

// ---------------------------------------------------------------------------------------------------------------------
const Passing = suite("checkExpectations: expectations that hold");

Passing("every form holds on a single-outcome result; names may be short, name.namespace or FQDN", () => {
  const all = expectations(
    "expect reviews@v2",
    "expect reviews",
    "expect reviews.bookinfo@v2",
    `expect ${REVIEWS}@v2 100%`,
    "expect reviews@v1 0%",
    "expect allow",
    "expect allow by bookinfo/reviews-viewer",
    "expect status 200",
    "expect status 200 100%",
    "expect mtls",
    "expect timeout 0s",
    "expect retries 2",
  );
  assert.equal(checkExpectations(JASON, all, resolver), []);
});

Passing("outcomes with the same destination and subset are summed, within ±0.01%", () => {
  assert.equal(
    checkExpectations(CANARY, expectations("expect reviews@v1 90%, reviews@v2 10%", "expect reviews"), resolver),
    [],
  );
  const nearly = result([outcome("v1", 0.90009), outcome("v2", 0.09991)]);
  assert.equal(checkExpectations(nearly, expectations("expect reviews@v1 90%, reviews@v2 10%"), resolver), []);
});

Passing("deny by default, no route, a route without timeout or retries, plaintext and status 0", () => {
  const denied = result([outcome("v1", 1, { status: 403, authz: { decision: "DENY", policy: null, rule: null } })]);
  assert.equal(
    checkExpectations(denied, expectations("expect deny", "expect deny by default", "expect status 403"), resolver),
    [],
  );
  const reset = result(
    [
      {
        probability: 1,
        status: 0,
        destination: null,
        mtls: false,
        authz: null,
        fault: null,
        error: "connection reset",
      },
    ],
    {
      route: null,
      timeout: null,
      retries: null,
    },
  );
  assert.equal(
    checkExpectations(
      reset,
      expectations("expect no route", "expect plaintext", "expect status 0", "expect timeout 0s", "expect retries 0"),
      resolver,
    ),
    [],
  );
});

Passing("timeouts compare as durations: 1.5s is protobuf's 1.500s", () => {
  assert.equal(
    checkExpectations(
      result([outcome("v2", 1)], { timeout: "1.500s" }),
      expectations("expect timeout 1500ms"),
      resolver,
    ),
    [],
  );
});

Passing.run();

// ---------------------------------------------------------------------------------------------------------------------
const Failing = suite("checkExpectations: failures say what was expected and what was found");

Failing("all traffic to one subset, found a split (MESH5001)", () => {
  const [e] = expectations("expect reviews@v2");
  assert.equal(checkExpectations(CANARY, [e!], resolver), [
    failure(
      e!,
      5001,
      "Expected traffic to go to reviews@v2 but it went to reviews@v1 90%, reviews@v2 10%.",
      "reviews@v2",
      "reviews@v1 90%, reviews@v2 10%",
    ),
  ]);
});

Failing("a distribution off by more than 0.01%; a service the expectation does not name is shown in full", () => {
  const [split, details] = expectations("expect reviews@v1 90%, reviews@v2 10%", "expect details");
  const off = result([outcome("v1", 0.9002), outcome("v2", 0.0998)]);
  assert.equal(checkExpectations(off, [split!, details!], resolver), [
    failure(
      split!,
      5001,
      "Expected traffic to go to reviews@v1 90%, reviews@v2 10% but it went to reviews@v1 90.02%, reviews@v2 9.98%.",
      "reviews@v1 90%, reviews@v2 10%",
      "reviews@v1 90.02%, reviews@v2 9.98%",
    ),
    failure(
      details!,
      5001,
      `Expected traffic to go to details but it went to ${REVIEWS}@v1 90.02%, ${REVIEWS}@v2 9.98%.`,
      "details",
      `${REVIEWS}@v1 90.02%, ${REVIEWS}@v2 9.98%`,
    ),
  ]);
});

Failing("allow must hold for every outcome: a 10% abort breaks it (MESH5002)", () => {
  const [allow, denyBy] = expectations("expect allow", "expect deny by bookinfo/reviews-viewer");
  const aborted = result([
    outcome("v2", 0.9),
    outcome("v2", 0.1, { status: 503, authz: null, mtls: null, fault: { abort: 503 } }),
  ]);
  const found = "allowed by bookinfo/reviews-viewer 90%, not authorized at all (status 503) 10%";
  assert.equal(checkExpectations(aborted, [allow!, denyBy!], resolver), [
    failure(allow!, 5002, `Expected the request to be allowed but it was ${found}.`, "allowed", found),
    failure(
      denyBy!,
      5002,
      `Expected the request to be denied by bookinfo/reviews-viewer but it was ${found}.`,
      "denied by bookinfo/reviews-viewer",
      found,
    ),
  ]);
});

Failing("deny by a named policy is not a default deny", () => {
  const [e] = expectations("expect deny by bookinfo/ratings-viewer");
  const denied = result([outcome("v1", 1, { status: 403, authz: { decision: "DENY", policy: null, rule: null } })]);
  const found = "denied by default (no ALLOW policy matched)";
  assert.equal(checkExpectations(denied, [e!], resolver), [
    failure(
      e!,
      5002,
      `Expected the request to be denied by bookinfo/ratings-viewer but it was ${found}.`,
      "denied by bookinfo/ratings-viewer",
      found,
    ),
  ]);
});

Failing("status, for every outcome and for a share (MESH5003)", () => {
  const [every, share] = expectations("expect status 200", "expect status 500 10%");
  const aborted = result([outcome("v2", 0.9), outcome("v2", 0.1, { status: 503 })]);
  assert.equal(checkExpectations(aborted, [every!, share!], resolver), [
    failure(every!, 5003, "Expected status 200 but found 200 90%, 503 10%.", "200", "200 90%, 503 10%"),
    failure(share!, 5003, "Expected status 500 10% but found 200 90%, 503 10%.", "500 10%", "200 90%, 503 10%"),
  ]);
});

Failing("no route, but a route matched (MESH5004)", () => {
  const [e] = expectations("expect no route");
  assert.equal(checkExpectations(JASON, [e!], resolver), [
    failure(
      e!,
      5004,
      "Expected no route to match but rule 0 ('jason') of VirtualService bookinfo/reviews matched.",
      "no route",
      "rule 0 ('jason') of VirtualService bookinfo/reviews",
    ),
  ]);
});

Failing("mtls and plaintext (MESH5005)", () => {
  const [mtls, plaintext] = expectations("expect mtls", "expect plaintext");
  const mixed = result([outcome("v2", 0.5), outcome("v2", 0.5, { mtls: false })]);
  assert.equal(checkExpectations(mixed, [mtls!, plaintext!], resolver), [
    failure(
      mtls!,
      5005,
      "Expected the connection to use mutual TLS but found mutual TLS 50%, plaintext 50%.",
      "mutual TLS",
      "mutual TLS 50%, plaintext 50%",
    ),
    failure(
      plaintext!,
      5005,
      "Expected the connection to use plaintext but found mutual TLS 50%, plaintext 50%.",
      "plaintext",
      "mutual TLS 50%, plaintext 50%",
    ),
  ]);
});

Failing(
  "TLS the proxy originated is neither plaintext nor mtls, and 'expect origination' holds only for it (MESH5005)",
  () => {
    const [origination, plaintext] = expectations("expect origination", "expect plaintext");
    const mixed = result([
      outcome("v2", 0.5, { mtls: false, tls: "origination" }),
      outcome("v2", 0.5, { mtls: false }),
    ]);
    assert.equal(checkExpectations(mixed, [origination!, plaintext!], resolver), [
      failure(
        origination!,
        5005,
        "Expected the connection to use originated TLS but found originated TLS 50%, plaintext 50%.",
        "originated TLS",
        "originated TLS 50%, plaintext 50%",
      ),
      failure(
        plaintext!,
        5005,
        "Expected the connection to use plaintext but found originated TLS 50%, plaintext 50%.",
        "plaintext",
        "originated TLS 50%, plaintext 50%",
      ),
    ]);
    // With hops, the last hop's TLS is the connection to the destination.
    const hop = (tls: "mtls" | "origination" | "plaintext") => ({
      proxy: "p",
      route: null,
      destination: null,
      tls,
      authz: null,
    });
    const twoHops = result([outcome("v2", 1, { mtls: false, hops: [hop("plaintext"), hop("origination")] })]);
    assert.equal(checkExpectations(twoHops, [origination!], resolver), []);
  },
);

Failing("timeout (MESH5006) and retries (MESH5007)", () => {
  const [timeout, retries] = expectations("expect timeout 10s", "expect retries 3");
  assert.equal(
    checkExpectations(result([outcome("v2", 1)], { timeout: null, retries: null }), [timeout!, retries!], resolver),
    [
      failure(timeout!, 5006, "Expected a timeout of 10s but found no timeout.", "10s", "no timeout"),
      failure(retries!, 5007, "Expected 3 retry attempts but found 0 (no retry policy).", "3", "0 (no retry policy)"),
    ],
  );
});

Failing("a short name that several namespaces have, and the source is in none of them (MESH5008)", () => {
  const [e] = expectations("expect reviews@v2");
  const both = serviceResolver([REVIEWS, "reviews.staging.svc.cluster.local"], "default");
  const target = (e as Extract<Expectation, { kind: "distribution" }>).targets[0]!;
  const candidates = `'${REVIEWS}', 'reviews.staging.svc.cluster.local'`;
  assert.equal(checkExpectations(JASON, [e!], both), [
    {
      expectation: e!,
      expected: "one service named 'reviews'",
      found: candidates,
      diagnostic: {
        code: 5008,
        severity: "error",
        message: `Service 'reviews' is ambiguous: it may be ${candidates}.`,
        span: target.span,
        hint: "Write 'name.namespace' or the full host name.",
      },
    },
  ]);
});

Failing.run();

// ---------------------------------------------------------------------------------------------------------------------
const Resolve = suite("serviceResolver: the names users write");

Resolve("full host, name.namespace, a unique short name, the source's namespace first, ambiguity, unknown", () => {
  const hosts = [REVIEWS, "reviews.staging.svc.cluster.local", "ratings.bookinfo.svc.cluster.local", "httpbin.org"];
  const inBookinfo = serviceResolver(hosts, "bookinfo");
  const outside = serviceResolver(hosts);
  assert.equal(
    ["reviews.staging.svc.cluster.local", "reviews.staging", "ratings", "reviews", "httpbin.org", "nope", "a.b.c"].map(
      inBookinfo,
    ),
    [
      { kind: "service", fqdn: "reviews.staging.svc.cluster.local" },
      { kind: "service", fqdn: "reviews.staging.svc.cluster.local" },
      { kind: "service", fqdn: "ratings.bookinfo.svc.cluster.local" },
      { kind: "service", fqdn: REVIEWS },
      { kind: "service", fqdn: "httpbin.org" },
      { kind: "unknown" },
      { kind: "unknown" },
    ],
  );
  assert.equal(outside("reviews"), { kind: "ambiguous", candidates: [REVIEWS, "reviews.staging.svc.cluster.local"] });
});

Resolve("an unknown name is compared literally with the destination", () => {
  const external = result([
    {
      ...outcome(null, 1),
      destination: { service: "httpbin.org", subset: null, port: 80, cluster: "PassthroughCluster" },
    },
  ]);
  assert.equal(checkExpectations(external, expectations("expect httpbin.org"), serviceResolver([])), []);
});

Resolve.run();
