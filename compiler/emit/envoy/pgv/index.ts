// protoc-gen-validate checker for the Envoy messages meshc emits.
import type { IMessageType } from "@protobuf-ts/runtime";
import { Any } from "../gen/google/protobuf/any.ts";
import { lookupType } from "../registry.ts";
import { walkMessage } from "./validate.ts";
import type { PgvViolation } from "./violation.ts";

// For emitters and their tests: check a built message.
export type { PgvViolation } from "./violation.ts";

/**
 * Every protoc-gen-validate rule `message` breaks, its sub-messages and its `Any` payloads included, fields in declaration order, each message's required oneofs after its fields.
 * `validateMessage(RouteConfiguration, RouteConfiguration.create({ virtualHosts: [{ name: "" }] }))` →
 * `[{ path: "virtual_hosts[0].name", rule: "string.min_len", message: "value length must be at least 1 runes" },
 *   { path: "virtual_hosts[0].domains", rule: "repeated.min_items", message: "value must contain at least 1 item(s)" }]`.
 * A bare `Any` is checked as its payload.
 */
export function validateMessage<T extends object>(type: IMessageType<T>, message: T): PgvViolation[] {
  const out: PgvViolation[] = [];
  if (type === (Any as IMessageType<object>)) {
    const any = message as unknown as Any;
    const payloadType = lookupType(any.typeUrl);
    if (payloadType === undefined) {
      return [
        { path: "", rule: "any.type_registry", message: `type URL "${any.typeUrl}" is not in the Envoy TypeRegistry` },
      ];
    }
    walkMessage(payloadType, payloadType.fromBinary(any.value) as object as { [k: string]: unknown }, "", out);
    return out;
  }
  walkMessage(type, message as object as { [k: string]: unknown }, "", out);
  return out;
}
