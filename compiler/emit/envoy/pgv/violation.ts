/**
 * One broken protoc-gen-validate rule.
 * `{ path: "virtual_hosts[0].domains", rule: "repeated.min_items", message: "value must contain at least 1 item(s)" }`.
 * `path` uses proto field names, `[i]` for list elements, `["key"]` for map entries, and continues into the payload
 * of an `Any` after the Any field's own name. `rule` is the rule's name in validate.proto (`<type>.<rule>`, plus
 * `oneof.required` and `any.type_registry` for an Any whose type meshc does not know). `message` follows PGV's
 * generated validators (templates/goshared/*.go), e.g. "value length must be at least 1 runes".
 */
export interface PgvViolation {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

/** `base.name`, or `name` at the root. */
export function joinPath(base: string, name: string): string {
  return base === "" ? name : `${base}.${name}`;
}

/** Formats a rule operand as PGV's messages print it: strings quoted, lists in brackets. */
export function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(" ")}]`;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
