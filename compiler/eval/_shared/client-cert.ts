/**
 * A client certificate meeting a filter chain that terminates TLS, as Envoy's default certificate validator decides
 * it (envoy source/common/tls/cert_validator/default_validator.cc). Both engines call this with what their own model
 * says of the chain's DownstreamTlsContext — the Istio engine from the Gateway server's `tls` (istiod's
 * `BuildListenerTLSContext`), the Envoy engine from the emitted context — so the differential test still checks how
 * each derives it.
 *
 *   - `DefaultCertValidator::initializeSslContexts`: a trusted CA makes the server request a certificate
 *     (SSL_VERIFY_PEER) without requiring one; `match_subject_alt_names` make it required
 *     (`verify_mode_validation_context`, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT) even when
 *     `require_client_certificate` is false;
 *   - `addClientValidationContext`: `require_client_certificate` (with a trusted CA) adds
 *     SSL_VERIFY_FAIL_IF_NO_PEER_CERT: no certificate, no handshake ("alert certificate required");
 *   - without a validation context the server sends no CertificateRequest: a client's certificate is never sent;
 *   - `doVerifyCertChain`: a presented certificate is verified against the trusted CA (X509_verify_cert: another CA →
 *     "unable to get local issuer certificate", an expired one → "certificate has expired"), then
 *     `verifyCertificate` → `matchSubjectAltName`: some SAN of the certificate must match some matcher. The
 *     untyped `match_subject_alt_names` istiod writes (`util.StringToExactMatch`) become one matcher per SAN type —
 *     DNS, URI, EMAIL, IP_ADDRESS (certificate_validation_context_config_impl.cc `getSubjectAltNameMatchers`); an
 *     exact matcher meets a DNS SAN by `Utility::dnsNameMatch` (a wildcard SAN covers one label), others by equality
 *     (san_matcher.cc `StringSanMatcher::match`).
 */
import type { RequestClientCert } from "../types.ts";
import {
  CLIENT_CERT_EXPIRED,
  CLIENT_CERT_REQUIRED,
  CLIENT_CERT_UNTRUSTED,
  clientCertSanMismatch,
} from "./gateway-connection.ts";

/** What a chain's DownstreamTlsContext asks of the client's certificate. */
export interface ClientCertPolicy {
  /** `require_client_certificate`. */
  readonly require: boolean;
  /** A validation context with a trusted CA: a certificate is requested and verified. */
  readonly validates: boolean;
  /** `match_subject_alt_names` (exact names); only read when `validates`. */
  readonly sans: readonly string[];
}

/** The certificate a client presents in its handshake; undefined when it has none. */
export type PresentedCert = RequestClientCert | undefined;

type SanType = "DNS" | "URI" | "EMAIL" | "IP_ADDRESS";

/** A SAN as the request syntax writes it, typed by its form. */
function sanType(san: string): SanType {
  if (san.includes("://")) return "URI";
  if (san.includes("@")) return "EMAIL";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(san)) return "IP_ADDRESS";
  return "DNS";
}

/** envoy source/common/tls/utility.cc `Utility::labelWildcardMatch`: one `*` in the label. */
function labelWildcardMatch(label: string, pattern: string): boolean {
  if (pattern === "*") return true;
  const parts = pattern.split("*");
  if (parts.length !== 2) return false;
  return pattern.length <= label.length + 1 && label.startsWith(parts[0]!) && label.endsWith(parts[1]!);
}

/**
 * envoy source/common/tls/utility.cc `Utility::dnsNameMatch(dns_name, pattern)`, `pattern` the certificate's SAN:
 * equal ignoring case, or a wildcard in the pattern's left-most label only (not an `xn--` A-label), the rest equal.
 */
export function dnsNameMatch(dnsName: string, pattern: string): boolean {
  const name = dnsName.toLowerCase();
  const p = pattern.toLowerCase();
  if (name === p) return true;
  const dot = (s: string) => s.indexOf(".");
  if (dot(p) < 0 || dot(name) < 0) return false;
  const [pHead, pRest] = [p.slice(0, dot(p)), p.slice(dot(p) + 1)];
  const [nHead, nRest] = [name.slice(0, dot(name)), name.slice(dot(name) + 1)];
  if (pHead.includes("*") && !pRest.includes("*") && !pHead.startsWith("xn--"))
    return nRest === pRest && labelWildcardMatch(nHead, pHead);
  return false;
}

/** Whether an exact matcher `matcher` meets the certificate SAN `san` (`StringSanMatcher::match`, per SAN type). */
export const sanMatches = (matcher: string, san: string): boolean =>
  sanType(san) === "DNS" ? dnsNameMatch(matcher, san) : matcher === san;

/** Why the chain's handshake fails for `cert`, or undefined when it completes. */
export function clientCertError(policy: ClientCertPolicy, cert: PresentedCert): string | undefined {
  const sans = policy.validates ? policy.sans : [];
  if (cert === undefined) return policy.require || sans.length > 0 ? CLIENT_CERT_REQUIRED : undefined;
  // No CertificateRequest: the client keeps its certificate to itself.
  if (!policy.validates && !policy.require) return undefined;
  if (cert.flaw === "untrusted") return CLIENT_CERT_UNTRUSTED;
  if (cert.flaw === "expired") return CLIENT_CERT_EXPIRED;
  if (sans.length > 0 && !sans.some((m) => cert.sans.some((s) => sanMatches(m, s))))
    return clientCertSanMismatch(sans, cert.sans);
  return undefined;
}
