/**
 * The aggregated discovery service on @grpc/grpc-js: `envoy.service.discovery.v3.AggregatedDiscoveryService`'s
 * state-of-the-world method, with meshc's protobuf-ts messages as the wire codec. `DeltaAggregatedResources` is not
 * offered (grpc-js answers UNIMPLEMENTED), so clients use SotW, as grpc-js-xds and Envoy's `ADS` api_type do.
 */
import { logField } from "./log-field.ts";
import * as grpc from "@grpc/grpc-js";
import { DiscoveryRequest, DiscoveryResponse } from "../emit/envoy/gen/envoy/service/discovery/v3/discovery.ts";
import { workloadForNode } from "./node-id.ts";
import type { Snapshot } from "./resources.ts";
import { AdsStream, type StreamEvent } from "./stream.ts";

/** The method path (envoy api envoy/service/discovery/v3/ads.proto: service AggregatedDiscoveryService, rpc StreamAggregatedResources). */
export const ADS_METHOD_PATH = "/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources";

/** The ADS service definition, with our protobuf-ts codec (also what a test client speaks). */
export const ADS_SERVICE: grpc.ServiceDefinition = {
  StreamAggregatedResources: {
    path: ADS_METHOD_PATH,
    requestStream: true,
    responseStream: true,
    requestSerialize: (r: DiscoveryRequest) => Buffer.from(DiscoveryRequest.toBinary(r)),
    requestDeserialize: (b: Buffer) => DiscoveryRequest.fromBinary(b),
    responseSerialize: (r: DiscoveryResponse) => Buffer.from(DiscoveryResponse.toBinary(r)),
    responseDeserialize: (b: Buffer) => DiscoveryResponse.fromBinary(b),
    originalName: "streamAggregatedResources",
  },
};

/** Counters over the server's life, for the log and for tests. */
export interface AdsStats {
  responses: number;
  acks: number;
  /** Every NACK counted; only the last {@link MAX_NACKS_KEPT} kept, details cut to 1,000 characters. */
  nackCount: number;
  nacks: { node: string; type: string; detail: string }[];
}

/** Bounds on what the server keeps per event, so that misbehaving or garbage nodes cannot grow its memory. */
export const MAX_NACKS_KEPT = 100;
const MAX_LOGGED_ONCE_KEYS = 10_000;

/** A running ADS server. */
export interface AdsServer {
  /** The bound port (useful with port 0). */
  readonly port: number;
  readonly stats: AdsStats;
  /** Switch every stream to `snapshot`, pushing only what changed for each node. */
  update(snapshot: Snapshot): void;
  /** Ends every stream, then `tryShutdown`; `forceShutdown` if that takes longer than `graceMs`. */
  shutdown(graceMs?: number): Promise<void>;
}

/** One log line per event; unknown nodes and repeated warnings are reported once per node. */
export function eventLogger(log: (line: string) => void, stats: AdsStats): (e: StreamEvent) => void {
  // Keys of what was logged once per node; the oldest are forgotten past the bound (they may then be logged again).
  const once = new Set<string>();
  const first = (k: string): boolean => {
    let key = k;
    key = key.slice(0, 2000);
    if (once.has(key)) return false;
    if (once.size >= MAX_LOGGED_ONCE_KEYS) once.delete(once.values().next().value!);
    once.add(key);
    return true;
  };
  const f = logField;
  return (e) => {
    switch (e.kind) {
      case "node":
        if (e.match.kind === "workload") {
          if (first(`node\0${e.node}\0${e.match.workload.id}`))
            log(`node '${f(e.node)}' is workload ${e.match.workload.id} (${e.match.how})`);
        } else if (first(`unknown\0${e.node}`))
          log(`unknown node '${f(e.node)}': ${f(e.match.reason)}; serving it nothing`);
        return;
      case "response":
        stats.responses++;
        return log(
          `push ${e.type} to '${f(e.node)}': version ${e.version}, nonce ${e.nonce}, ${e.names.length} resource(s)${e.names.length > 0 && e.names.length <= 4 ? ` [${f(e.names.join(", "))}]` : ""}`,
        );
      case "ack":
        stats.acks++;
        return log(`ACK of ${e.type} from '${f(e.node)}': version ${f(e.version)}, nonce ${f(e.nonce)}`);
      case "nack":
        stats.nackCount++;
        stats.nacks.push({ node: e.node.slice(0, 1000), type: e.type, detail: e.detail.slice(0, 1000) });
        if (stats.nacks.length > MAX_NACKS_KEPT) stats.nacks.shift();
        return log(
          `NACK of ${e.type} from '${f(e.node)}' (nonce ${f(e.nonce)}, keeps version '${f(e.version)}'): ${f(e.detail, 1000)}`,
        );
      case "warning":
        if (first(`warn\0${e.node}\0${e.message}`)) log(`warning for '${f(e.node)}': ${f(e.message)}`);
        return;
      case "unsupported-type":
        if (first(`type\0${e.node}\0${e.typeUrl}`))
          log(`'${f(e.node)}' asked for ${f(e.typeUrl)}, which meshc does not serve`);
        return;
      default:
        return e satisfies never;
    }
  };
}

/** Starts the ADS server on `host:port` (port 0: an ephemeral port) serving `snapshot`. */
export function startAdsServer(
  snapshot: Snapshot,
  options: { host: string; port: number; log: (line: string) => void },
): Promise<AdsServer> {
  const stats: AdsStats = { responses: 0, acks: 0, nackCount: 0, nacks: [] };
  const report = eventLogger(options.log, stats);
  const streams = new Set<{ stream: AdsStream; call: grpc.ServerDuplexStream<DiscoveryRequest, DiscoveryResponse> }>();
  let current = snapshot;
  const server = new grpc.Server();
  server.addService(ADS_SERVICE, {
    StreamAggregatedResources: (call: grpc.ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>) => {
      const entry = {
        call,
        stream: new AdsStream(
          current,
          (r) => call.write(r),
          report,
          (s, id) => workloadForNode(s.ir, id),
        ),
      };
      streams.add(entry);
      call.on("data", (req: DiscoveryRequest) => entry.stream.onRequest(req));
      const close = () => streams.delete(entry);
      call.on("end", () => {
        close();
        call.end();
      });
      call.on("error", close);
      call.on("cancelled", close);
    },
  });
  const address = options.host.includes(":") ? `[${options.host}]:${options.port}` : `${options.host}:${options.port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (err) return reject(err);
      resolve({
        port,
        stats,
        update(next) {
          current = next;
          for (const { stream } of streams) stream.onSnapshot(next);
        },
        shutdown(graceMs = 2000) {
          for (const { call } of streams) call.end();
          streams.clear();
          return new Promise<void>((done) => {
            const timer = setTimeout(() => {
              server.forceShutdown();
              done();
            }, graceMs);
            server.tryShutdown(() => {
              clearTimeout(timer);
              done();
            });
          });
        },
      });
    });
  });
}
