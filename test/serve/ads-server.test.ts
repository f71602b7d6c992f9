/**
 * The ADS server over a real gRPC stream on loopback (compiler/serve/ads-server.ts): the method path is the one in
 * envoy's ads.proto, requests and responses round-trip through meshc's protobuf-ts codec, ACKs are not answered, a
 * NACK is logged with its detail, an update pushes only the changed type, and shutdown ends open streams.
 * Responses arrive in order, so "nothing was sent" is shown by the next response being the one a later request asks for.
 */
import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  DiscoveryRequest,
  DiscoveryResponse,
} from "../../compiler/emit/envoy/gen/envoy/service/discovery/v3/discovery.ts";
import {
  ADS_METHOD_PATH,
  ADS_SERVICE,
  Snapshot,
  startAdsServer,
  TYPE_URL,
  type XdsType,
} from "../../compiler/serve/index.ts";
import { echoIR, echoVariant } from "./_fixtures.ts";

const Ads = suite("ADS server over gRPC");

Ads("the method path is envoy's AggregatedDiscoveryService.StreamAggregatedResources (ads.proto)", () => {
  const proto = readFileSync(
    "node_modules/@grpc/grpc-js-xds/deps/envoy-api/envoy/service/discovery/v3/ads.proto",
    "utf8",
  );
  const pkg = /^package ([\w.]+);/m.exec(proto)?.[1];
  const service = /service (\w+) \{[^}]*rpc (StreamAggregatedResources)\(stream DiscoveryRequest\)/s.exec(proto);
  assert.is(ADS_METHOD_PATH, `/${pkg}.${service?.[1]}/${service?.[2]}`);
});

Ads("subscribe, ACK, NACK, push on update, shutdown", async () => {
  // GIVEN a server on an ephemeral port and a client stream speaking the same codec
  const log: string[] = [];
  const server = await startAdsServer(new Snapshot(echoIR()), { host: "127.0.0.1", port: 0, log: (l) => log.push(l) });
  const Client = grpc.makeGenericClientConstructor(ADS_SERVICE, "ads");
  const client = new Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  const call = (
    client as unknown as { StreamAggregatedResources(): grpc.ClientDuplexStream<DiscoveryRequest, DiscoveryResponse> }
  ).StreamAggregatedResources();
  const queue: DiscoveryResponse[] = [];
  const waiting: ((r: DiscoveryResponse) => void)[] = [];
  call.on("data", (r: DiscoveryResponse) => (waiting.length > 0 ? waiting.shift()!(r) : queue.push(r)));
  call.on("error", () => {});
  const next = () =>
    new Promise<DiscoveryResponse>((resolve) => (queue.length > 0 ? resolve(queue.shift()!) : waiting.push(resolve)));
  const send = (type: XdsType, names: string[], ack?: DiscoveryResponse, error?: string) =>
    call.write(
      DiscoveryRequest.create({
        node: { id: "grpc-echo/client" },
        typeUrl: TYPE_URL[type],
        resourceNames: names,
        versionInfo: ack?.versionInfo ?? "",
        responseNonce: ack?.nonce ?? "",
        errorDetail: error === undefined ? undefined : { code: 3, message: error, details: [] },
      }),
    );
  const brief = (r: DiscoveryResponse) => ({
    type: r.typeUrl.split(".").pop(),
    nonce: r.nonce,
    resources: r.resources.length,
  });
  const route = "outbound|7070||echo.grpc-echo.svc.cluster.local";
  const cluster = "outbound|7070|v1|echo.grpc-echo.svc.cluster.local";

  // WHEN the client subscribes to LDS and RDS and ACKs both
  send("listener", ["echo.grpc-echo.svc.cluster.local:7070"]);
  const lds = await next();
  send("listener", ["echo.grpc-echo.svc.cluster.local:7070"], lds);
  send("route", [route]);
  const rds = await next();
  send("route", [route], rds);
  // … NACKs a CDS response …
  send("cluster", [cluster]);
  const cds = await next();
  send("cluster", [cluster], { ...cds, versionInfo: "" }, "cluster rejected: test");
  // … and the mesh changes its split (routes only), then stays the same
  server.update(new Snapshot(echoVariant("canary(echo, { v1: 75, v2: 25 })", "canary(echo, { v1: 50, v2: 50 })")));
  const pushed = await next();
  server.update(new Snapshot(echoVariant("canary(echo, { v1: 75, v2: 25 })", "canary(echo, { v1: 50, v2: 50 })")));
  send("endpoint", [cluster]);
  const eds = await next();

  // THEN
  assert.equal([lds, rds, cds, pushed, eds].map(brief), [
    { type: "Listener", nonce: "1", resources: 1 },
    { type: "RouteConfiguration", nonce: "2", resources: 1 },
    { type: "Cluster", nonce: "3", resources: 1 },
    { type: "RouteConfiguration", nonce: "4", resources: 1 },
    { type: "ClusterLoadAssignment", nonce: "5", resources: 1 },
  ]);
  assert.is.not(pushed.versionInfo, rds.versionInfo);
  assert.equal(server.stats.nacks, [{ node: "grpc-echo/client", type: "cluster", detail: "cluster rejected: test" }]);
  assert.is(server.stats.nackCount, 1);
  assert.equal(
    log.filter((l) => l.startsWith("NACK")),
    [`NACK of cluster from 'grpc-echo/client' (nonce 3, keeps version ''): cluster rejected: test`],
  );

  // AND shutdown ends the open stream
  const ended = new Promise<void>((resolve) => call.on("end", () => resolve()));
  await server.shutdown(1000);
  await ended;
  client.close();
});

Ads.run();
