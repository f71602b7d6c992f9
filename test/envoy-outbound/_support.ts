// Shared helpers for the outbound emitter tests: compile an example and render messages as proto3 JSON
// (proto field names, Anys resolved through the TypeRegistry), the form `istioctl proxy-config -o json` shows.
import type { IMessageType, JsonValue } from "@protobuf-ts/runtime";
import { buildOutbound, type OutboundConfig } from "../../compiler/emit/envoy/outbound/index.ts";
import { TypeRegistry } from "../../compiler/emit/envoy/registry.ts";
import { compile } from "../../compiler/pipeline.ts";

export function outboundFor(example: string, workload: string): OutboundConfig {
  const { ir } = compile([example]);
  if (ir === undefined) throw new Error(`${example} does not compile`);
  const w = ir.workloads.find((x) => x.name === workload);
  if (w === undefined) throw new Error(`no workload ${workload} in ${example}`);
  return buildOutbound(ir, w);
}

export function json<T extends object>(type: IMessageType<T>, message: T): JsonValue {
  return type.toJson(message, { typeRegistry: TypeRegistry, useProtoFieldName: true });
}

/** istiod's default retry policy (retry.go `defaultPolicy`) as proto3 JSON. */
export const DEFAULT_RETRY_POLICY = {
  retry_on: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
  num_retries: 2,
  retry_host_predicate: [
    {
      name: "envoy.retry_host_predicates.previous_hosts",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
      },
    },
  ],
  host_selection_retry_max_attempts: "5",
};
