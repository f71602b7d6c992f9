/**
 * Value checks shared by the rules, after istio `pkg/config/validation/agent/validation.go` and
 * `pkg/config/labels`: ports, percentages, DNS names with wildcards, IPs and CIDRs, labels, RE2 regexes.
 */
import { RE2JS } from "re2js";
import { isIP } from "node:net";

/** istio `ValidatePort`: 1..65535. */
export function isValidPort(port: unknown): boolean {
  return typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** istio `validatePercentage`: 0, or within [0.0001, 100]. */
export function isValidPercentage(value: unknown): boolean {
  return typeof value === "number" && (value === 0 || (value >= 0.0001 && value <= 100));
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** istio `labels.IsDNS1123Label`. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** istio `labels.IsWildcardDNS1123Label`: `*`, or `*` followed by a DNS-1123 label (a partial wildcard). */
function isWildcardLabel(value: string): boolean {
  return value === "*" || (value.startsWith("*") && isDns1123Label(value.slice(1)));
}

/** istio `validateDNS1123Labels`: each label valid, top-level domain not all-numeric, a trailing dot allowed. */
function areDns1123Labels(domain: string): boolean {
  const parts = domain.split(".");
  if (/^\d+$/.test(parts[parts.length - 1] ?? "")) return false;
  return parts.every((label, i) => (i === parts.length - 1 && label === "" && i > 0) || isDns1123Label(label));
}

/** istio `ValidateFQDN`. */
export function isValidFqdn(name: string): boolean {
  return name.length > 0 && name.length <= 255 && areDns1123Labels(name);
}

/** istio `ValidateWildcardDomain`: like an FQDN, but the first label may be `*` (or `*foo`). */
export function isValidWildcardDomain(domain: string): boolean {
  if (domain.length === 0 || domain.length > 255) return false;
  const dot = domain.indexOf(".");
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isDns1123Label(first) && !isWildcardLabel(first)) return false;
  return dot < 0 || areDns1123Labels(domain.slice(dot + 1));
}

/** Whether `host` is a partial wildcard such as `*foo.com` (istio `ValidatePartialWildCard`, a warning). */
export function isPartialWildcard(host: string): boolean {
  return host.startsWith("*") && !host.startsWith("*.") && host !== "*";
}

/** istio `ValidateIPSubnet`: an IP address, or a CIDR block. */
export function isValidIpOrCidr(value: string): boolean {
  const slash = value.split("/");
  if (slash.length === 1) return isIP(value) !== 0;
  if (slash.length !== 2) return false;
  const [ip, bits] = slash as [string, string];
  const family = isIP(ip);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes label key (`[prefix/]name`), as istio `labels.Instance.Validate` checks it. */
export function isValidLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !LABEL_PREFIX.test(prefix))) return false;
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

/** Kubernetes label value: empty, or up to 63 name characters. */
export function isValidLabelValue(value: string): boolean {
  return value === "" || (value.length <= 63 && LABEL_NAME.test(value));
}

/**
 * istio `validateStringRegexp`: at most 1024 characters and compiles with Go's `regexp` (RE2 syntax), checked here
 * with re2js, a port of RE2/J. Returns the compiler's message, or undefined when the regex is valid.
 */
export function regexProblem(re: string): string | undefined {
  if (re.length > 1024) return "longer than 1024 characters";
  try {
    RE2JS.compile(re);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^error parsing regexp: /, "").replace(/\.$/, "");
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** An HTTP header name: a non-empty RFC 7230 token (pseudo-headers such as `:authority` allowed). */
export function isValidHeaderName(name: string): boolean {
  return TOKEN.test(name.startsWith(":") ? name.slice(1) : name);
}
