/**
 * IP addresses as Envoy reads them: `Network::Utility::parseInternetAddress` (envoy source/common/network/utility.cc)
 * tries `inet_pton(AF_INET)`, then `inet_pton(AF_INET6)`: a dotted quad with no leading zeros, or an IPv6 address
 * (one `::` at most, groups of 1–4 hex digits, a dotted quad in the last 32 bits, no zone index); anything else is
 * no address. The text form Envoy writes (`addressAsString`, X-Forwarded-For) is `inet_ntop`'s.
 */

/** A parsed address: its family and its bits. */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)";
const V4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

function v4Value(text: string): bigint | undefined {
  if (!V4.test(text)) return undefined;
  return text.split(".").reduce((a, p) => (a << 8n) | BigInt(Number(p)), 0n);
}

/** The 16-bit groups of one side of `::` (the last may be a dotted quad, two groups); undefined when malformed. */
function groups(side: string, last: boolean): bigint[] | undefined {
  if (side === "") return [];
  const parts = side.split(":");
  const out: bigint[] = [];
  for (const [i, p] of parts.entries()) {
    if (last && i === parts.length - 1 && p.includes(".")) {
      const v = v4Value(p);
      if (v === undefined) return undefined;
      out.push(v >> 16n, v & 0xffffn);
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) out.push(BigInt(parseInt(p, 16)));
    else return undefined;
  }
  return out;
}

/** `inet_pton` (glibc inet_pton4 / inet_pton6): the address, or undefined when `text` is none. */
export function parseIp(text: string): IpAddress | undefined {
  const v4 = v4Value(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = groups(halves[0]!, !compressed);
  const tail = compressed ? groups(halves[1]!, true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const n = head.length + tail.length;
  // "::" stands for at least one zero group (inet_pton6 rejects it in a full address).
  if (compressed ? n > 7 : n !== 8) return undefined;
  const all = [...head, ...Array<bigint>(8 - n).fill(0n), ...tail];
  return { version: 6, value: all.reduce((a, g) => (a << 16n) | g, 0n) };
}

const v4Text = (v: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join(".");

/**
 * `inet_ntop` (glibc inet_ntop6): lower-case hex, the longest run of two or more zero groups (the first of equal
 * ones) as `::`, and the last 32 bits as a dotted quad for `::a.b.c.d` and `::ffff:a.b.c.d`.
 */
export function ipText(ip: IpAddress): string {
  if (ip.version === 4) return v4Text(ip.value);
  const words = [...Array(8).keys()].map((i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      cur = cur.base === -1 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
      if (cur.len > best.len) best = cur;
    } else cur = { base: -1, len: 0 };
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  const embedded = best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff));
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && embedded) {
      out += v4Text(ip.value & 0xffffffffn);
      break;
    }
    out += words[i]!.toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ":";
  return out;
}

/** The address in Envoy's text form, or undefined when `text` is not one. */
export function canonicalIp(text: string): string | undefined {
  const ip = parseIp(text);
  return ip === undefined ? undefined : ipText(ip);
}

/** `Network::Utility::isLoopbackAddress`: exactly 127.0.0.1 or ::1 (not the rest of 127.0.0.0/8). */
export function isLoopback(text: string): boolean {
  const ip = parseIp(text);
  if (ip === undefined) return false;
  return ip.version === 4 ? ip.value === 0x7f000001n : ip.value === 1n;
}

/**
 * `CidrRange::isInRange` (envoy source/common/network/cidr_range.cc): same family, and the first `prefixLen` bits
 * equal (a length beyond the family's width counts as the full width).
 */
export function inCidr(prefix: string, prefixLen: number, address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = parseIp(prefix);
  const b = parseIp(address);
  if (a === undefined || b === undefined || a.version !== b.version) return false;
  const width = a.version === 4 ? 32 : 128;
  const shift = BigInt(width - Math.min(Math.max(prefixLen, 0), width));
  return a.value >> shift === b.value >> shift;
}
