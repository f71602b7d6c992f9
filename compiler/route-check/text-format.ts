/**
 * Protobuf text format of a message, as C++ `Protobuf::TextFormat::PrintToString` writes it (the router_check_tool
 * prints `route.match()` this way in `--covall` "Missing test for host" lines, test/tools/router_check/coverage.cc
 * `printMissingTests`): fields in field-number order, set fields only (a selected oneof member always), nested
 * messages as `name {` … `}` indented by two spaces, strings C-escaped in double quotes, enums by name.
 */
import { ScalarType, type IMessageType } from "@protobuf-ts/runtime";

type Field = IMessageType<object>["fields"][number];
type Fields = Record<string, unknown>;

export function printTextFormat<T extends object>(type: IMessageType<T>, message: T, indent = ""): string {
  let out = "";
  const sorted = [...type.fields].sort((a, b) => a.no - b.no);
  for (const f of sorted) {
    const { value, set } = fieldValue(message as Fields, f);
    if (!set) continue;
    const values = f.kind === "map" ? Object.entries(value as Fields) : f.repeat ? (value as unknown[]) : [value];
    for (const v of values) out += printOne(f, v, indent);
  }
  return out;
}

function fieldValue(m: Fields, f: Field): { value: unknown; set: boolean } {
  if (f.oneof !== undefined) {
    const g = m[f.oneof] as Fields | undefined;
    return g?.["oneofKind"] === f.localName ? { value: g[f.localName], set: true } : { value: undefined, set: false };
  }
  const v = m[f.localName];
  if (v === undefined) return { value: v, set: false };
  if (f.kind === "map") return { value: v, set: Object.keys(v as Fields).length > 0 };
  if (f.repeat) return { value: v, set: (v as unknown[]).length > 0 };
  if (f.kind === "message") return { value: v, set: true };
  // proto3 scalars and enums: default values are not printed.
  const isDefault = v === "" || v === 0 || v === false || v === "0" || (v instanceof Uint8Array && v.length === 0);
  return { value: v, set: !isDefault || f.opt === true };
}

function printOne(f: Field, v: unknown, indent: string): string {
  if (f.kind === "message") {
    const T = f.T() as IMessageType<object>;
    return `${indent}${f.name} {\n${printTextFormat(T, v as object, `${indent}  `)}${indent}}\n`;
  }
  if (f.kind === "map") {
    const [k, val] = v as [string, unknown];
    const inner = `${indent}  key: ${quote(k)}\n`;
    const valueText =
      f.V.kind === "message"
        ? `${indent}  value {\n${printTextFormat(f.V.T() as IMessageType<object>, val as object, `${indent}    `)}${indent}  }\n`
        : `${indent}  value: ${scalar(val)}\n`;
    return `${indent}${f.name} {\n${inner}${valueText}${indent}}\n`;
  }
  if (f.kind === "enum") {
    const [, e] = f.T();
    return `${indent}${f.name}: ${(e as Record<number, string>)[v as number] ?? String(v)}\n`;
  }
  return `${indent}${f.name}: ${f.kind === "scalar" && f.T === ScalarType.STRING ? quote(String(v)) : scalar(v)}\n`;
}

function scalar(v: unknown): string {
  if (typeof v === "string" && !/^-?\d+$/.test(v)) return quote(v);
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) return quote(new TextDecoder().decode(v));
  return String(v);
}

/** C-style escaping (`CEscape`): `\"`, `\\`, `\n`, `\t`, `\r`, other control characters as octal. */
function quote(s: string): string {
  const escaped = s.replace(/[\\"\n\r\t\x00-\x1f\x7f]/g, (c) => {
    if (c === "\\" || c === '"') return `\\${c}`;
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`;
  });
  return `"${escaped}"`;
}
