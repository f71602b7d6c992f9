/**
 * A value from the network or the inputs (a node id, a NACK's error detail, a type URL) as it appears in one log line:
 * control characters escaped as in JSON, so a node id holding a newline cannot forge a log line, and cut to `max`.
 */
export function logField(value: string, max = 200): string {
  const cut = value.length > max ? `${value.slice(0, max)}...` : value;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/g, (ch) =>
    ch === "\\" ? "\\\\" : `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
