/**
 * A small reader for protobuf text format (`Weighted.golden.proto.pb_text`): `name: value`, `name { ... }`,
 * `name: { ... }`, strings in '' or "", numbers, identifiers (true/false/enum names), `#` comments. It yields plain
 * objects; a repeated name becomes a list. Which fields are repeated is decided by the schema reader
 * (test-file.ts), which also lists a single occurrence.
 */

type Value = string | number | boolean | TextObject | Value[];
export interface TextObject {
  [key: string]: Value;
}

const TOKEN = /\s+|#[^\n]*|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([{}:,;\[\]])|([A-Za-z_][\w.]*|[-+]?[0-9][\w.+-]*)/y;

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r" };

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (m === null) throw new Error(`Unexpected character '${text[at]}' at offset ${at} in text proto.`);
    const tok = m[1] ?? m[2] ?? m[3];
    if (tok !== undefined) out.push(tok);
  }
  return out;
}

/** Parses a text-format message into a plain object. Throws with a message on malformed input. */
export function parseTextProto(text: string): TextObject {
  const toks = tokenize(text);
  let i = 0;
  const peek = () => toks[i];
  const next = () => {
    const t = toks[i++];
    if (t === undefined) throw new Error("Unexpected end of text proto.");
    return t;
  };
  const scalar = (t: string): Value => {
    if (t.startsWith('"') || t.startsWith("'"))
      return t.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
    if (t === "true" || t === "false") return t === "true";
    return /^[-+]?[0-9]/.test(t) ? Number(t) : t;
  };
  const message = (close: string | undefined): TextObject => {
    const obj: TextObject = {};
    while (peek() !== close) {
      const name = next();
      let v: Value;
      if (peek() === ":") next();
      if (peek() === "{") {
        next();
        v = message("}");
        next();
      } else v = scalar(next());
      if (peek() === "," || peek() === ";") next();
      const old = obj[name];
      obj[name] = old === undefined ? v : Array.isArray(old) ? [...old, v] : [old, v];
    }
    return obj;
  };
  return message(undefined);
}
