/**
 * The ADS state-of-the-world protocol of one stream (compiler/serve/stream.ts), driven with a fake stream: versions
 * and nonces per type, ACK, NACK, stale nonces, wildcard and named subscriptions, and pushes on a new snapshot
 * (envoy api/xds_protocol.rst "ACK/NACK and resource type instance version", "When to send an update").
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  DiscoveryRequest,
  type DiscoveryResponse,
} from "../../compiler/emit/envoy/gen/envoy/service/discovery/v3/discovery.ts";
import {
  AdsStream,
  Snapshot,
  subscriptionOf,
  TYPE_URL,
  workloadForNode,
  type StreamEvent,
  type XdsType,
} from "../../compiler/serve/index.ts";
import { echoIR, echoVariant } from "./_fixtures.ts";

const CLIENT = "grpc-echo/client";
const TARGET = "echo.grpc-echo.svc.cluster.local:7070";
const ROUTE = "outbound|7070||echo.grpc-echo.svc.cluster.local";
const V1 = "outbound|7070|v1|echo.grpc-echo.svc.cluster.local";

function harness(snapshot = new Snapshot(echoIR())) {
  const sent: DiscoveryResponse[] = [];
  const events: StreamEvent[] = [];
  const stream = new AdsStream(
    snapshot,
    (r) => sent.push(r),
    (e) => events.push(e),
    (s, id) => workloadForNode(s.ir, id),
  );
  const req = (type: XdsType, names: string[], ack?: { version: string; nonce: string }, error?: string) =>
    stream.onRequest(
      DiscoveryRequest.create({
        node: { id: CLIENT },
        typeUrl: TYPE_URL[type],
        resourceNames: names,
        versionInfo: ack?.version ?? "",
        responseNonce: ack?.nonce ?? "",
        errorDetail: error === undefined ? undefined : { code: 3, message: error, details: [] },
      }),
    );
  /** What was sent since the last call, as (type, nonce, names) with the version kept aside. */
  const take = () =>
    sent.splice(0).map((r) => ({
      type: r.typeUrl.split(".").pop(),
      nonce: r.nonce,
      count: r.resources.length,
      version: r.versionInfo,
    }));
  return { stream, req, take, events };
}

const Sub = suite("subscriptionOf (xds_protocol: wildcard and unsubscribe)");

Sub("the first request without names is a wildcard; '*' always is; after names, an empty list unsubscribes", () => {
  assert.equal(
    [
      subscriptionOf(undefined, []),
      subscriptionOf(undefined, ["a"]),
      subscriptionOf({ kind: "names", names: ["a"] }, []),
      subscriptionOf({ kind: "wildcard" }, []),
      subscriptionOf({ kind: "names", names: ["a"] }, ["*"]),
    ],
    [
      { kind: "wildcard" },
      { kind: "names", names: ["a"] },
      { kind: "names", names: [] },
      { kind: "wildcard" },
      { kind: "wildcard" },
    ],
  );
});

Sub.run();

const Ack = suite("AdsStream: responses, ACK and NACK");

Ack("a subscription is answered with a content version and a fresh nonce; its ACK is not answered", () => {
  const h = harness();
  h.req("listener", [TARGET]);
  const [first] = h.take();
  assert.equal({ ...first, version: first!.version.length }, { type: "Listener", nonce: "1", count: 1, version: 16 });
  h.req("listener", [TARGET], { version: first!.version, nonce: "1" });
  assert.equal(h.take(), []);
  assert.equal(
    h.events.filter((e) => e.kind === "ack"),
    [{ kind: "ack", node: CLIENT, type: "listener", version: first!.version, nonce: "1" }],
  );
});

Ack("an ACK that changes the names is answered with the new set; nonces count per stream", () => {
  const h = harness();
  h.req("cluster", [V1]);
  const [a] = h.take();
  h.req("cluster", [V1, V1.replace("v1", "v2")], { version: a!.version, nonce: a!.nonce });
  assert.equal(
    h.take().map(({ type, nonce, count }) => ({ type, nonce, count })),
    [{ type: "Cluster", nonce: "2", count: 2 }],
  );
});

Ack("a NACK is reported with its error detail and nothing is resent; a stale nonce is ignored", () => {
  const h = harness();
  h.req("route", [ROUTE]);
  const [r] = h.take();
  h.req("route", [ROUTE], { version: "", nonce: r!.nonce }, "route validation failed: boom");
  h.req("route", [ROUTE], { version: "", nonce: "99" });
  assert.equal(h.take(), []);
  assert.equal(
    h.events.filter((e) => e.kind === "nack" || e.kind === "ack"),
    [{ kind: "nack", node: CLIENT, type: "route", version: "", nonce: "1", detail: "route validation failed: boom" }],
  );
});

Ack("an unknown node is reported and served empty responses", () => {
  const sent: DiscoveryResponse[] = [];
  const events: StreamEvent[] = [];
  const s = new AdsStream(
    new Snapshot(echoIR()),
    (r) => sent.push(r),
    (e) => events.push(e),
    (snap, id) => workloadForNode(snap.ir, id),
  );
  s.onRequest(DiscoveryRequest.create({ node: { id: "nobody" }, typeUrl: TYPE_URL.listener, resourceNames: [TARGET] }));
  assert.equal(
    sent.map((r) => r.resources.length),
    [0],
  );
  assert.equal(
    events.map((e) => (e.kind === "node" ? { node: e.node, match: e.match } : { kind: e.kind })),
    [
      {
        node: "nobody",
        match: {
          kind: "unknown",
          reason:
            "not a declared '<namespace>/<workload>' nor an Istio node id '<type>~<ip>~<pod>.<namespace>~<namespace>.svc.<domain>'",
        },
      },
      { kind: "response" },
    ],
  );
});

Ack("an Envoy-style wildcard gets the sidecar listeners `meshc build` emits", () => {
  const h = harness();
  h.stream.onRequest(DiscoveryRequest.create({ node: { id: "grpc-echo/echo-v1" }, typeUrl: TYPE_URL.listener }));
  const names = h.events.flatMap((e) => (e.kind === "response" ? e.names : []));
  assert.equal(names, ["0.0.0.0_7070", "virtualInbound", "virtualOutbound"]);
});

Ack.run();

const Push = suite("AdsStream: a new snapshot pushes only what changed");

Push("same content → no push; a new split → only the route config is pushed, with a new version", () => {
  const h = harness();
  for (const [type, names] of [
    ["listener", [TARGET]],
    ["route", [ROUTE]],
    ["cluster", [V1]],
    ["endpoint", [V1]],
  ] as const)
    h.req(type, [...names]);
  const initial = h.take();
  h.stream.onSnapshot(new Snapshot(echoIR()));
  assert.equal(h.take(), []);
  h.stream.onSnapshot(
    new Snapshot(echoVariant("canary(echo, { v1: 75, v2: 25 })", "canary(echo, { v1: 50, v2: 50 })")),
  );
  const pushed = h.take();
  assert.equal(
    pushed.map(({ type, nonce, count }) => ({ type, nonce, count })),
    [{ type: "RouteConfiguration", nonce: "5", count: 1 }],
  );
  assert.is.not(pushed[0]!.version, initial[1]!.version);
});

Push.run();
