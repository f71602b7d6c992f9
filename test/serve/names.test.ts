/** The resource names proxyless gRPC asks for (compiler/emit/envoy/grpc/names.ts; istio grpcgen lds.go, model.ParseSubsetKey). */
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  clusterKey,
  expandHost,
  parseClusterKey,
  parseServerListenerName,
  splitHostPort,
} from "../../compiler/emit/envoy/grpc/index.ts";

test("host:port splitting, IPv6 in brackets, no port, bad port", () => {
  assert.equal(["echo:7070", "[::1]:8080", "echo", "echo:0", "a:b:1"].map(splitHostPort), [
    { host: "echo", port: 7070 },
    { host: "::1", port: 8080 },
    undefined,
    undefined,
    undefined,
  ]);
});

test("server listener names carry an IP literal and a port (gRFC A36 template)", () => {
  assert.equal(
    [
      "grpc/server?xds.resource.listening_address=127.0.0.1:7070",
      "grpc/server?xds.resource.listening_address=[::]:7070",
      "grpc/server?xds.resource.listening_address=echo:7070",
      "127.0.0.1:7070",
    ].map(parseServerListenerName),
    [{ host: "127.0.0.1", port: 7070 }, { host: "::", port: 7070 }, undefined, undefined],
  );
});

test("cluster keys round-trip; other shapes are not keys", () => {
  assert.equal(clusterKey("echo.ns.svc.cluster.local", 7070, "v1"), "outbound|7070|v1|echo.ns.svc.cluster.local");
  assert.equal(
    ["outbound|7070||echo.ns.svc.cluster.local", "inbound|7070||", "outbound|x||h", "7070"].map(parseClusterKey),
    [{ port: 7070, subset: "", host: "echo.ns.svc.cluster.local" }, undefined, undefined, undefined],
  );
});

test("tryFindFQDN: short names and the node's namespace forms expand; others stay as written", () => {
  assert.equal(
    ["echo", "echo.ns", "echo.ns.svc", "echo.other", "echo.ns.svc.cluster.local"].map((h) => expandHost(h, "ns")),
    [
      "echo.ns.svc.cluster.local",
      "echo.ns.svc.cluster.local",
      "echo.ns.svc.cluster.local",
      "echo.other",
      "echo.ns.svc.cluster.local",
    ],
  );
});

test.run();
