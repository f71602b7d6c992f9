/**
 * The downstream address an HTTP connection manager gives a request, and what it does to X-Forwarded-For (envoy
 * source/common/http/conn_manager_utility.cc `ConnectionManagerUtility::mutateRequestHeaders`, run on the request
 * headers before any HTTP filter):
 *
 * - `use_remote_address: true` (istiod's gateways): with `xff_num_trusted_hops` N > 0 the address is
 *   `getLastAddressFromXFF(headers, N - 1)` of the XFF as it arrived; when N is 0 or that finds none, the
 *   connection's peer. Then the peer is appended to XFF (`Utility::appendXff`; for a loopback peer, the proxy's own
 *   address).
 * - `use_remote_address: false` (istiod's sidecars): the original IP detection extensions decide; with none
 *   configured the HCM installs the XFF one with the HCM's `xff_num_trusted_hops` (http_connection_manager/config.cc
 *   `HttpConnectionManagerConfig`), whose `XffIPDetection::detect` is `getLastAddressFromXFF(headers, N)`; when it
 *   finds none, the connection's peer. XFF is left as it came.
 *
 * The RBAC filter's `remote_ip` is that address; `direct_remote_ip` and `source_ip` the peer (rbac/matchers.cc
 * `IPMatcher::matches`: `DownstreamRemote`, `DownstreamDirectRemote`, `ConnectionRemote`). A peer meshc does not
 * know (a request without `ip`, a pod without an address) is undefined: no range holds it, and nothing is appended
 * for it, as `appendXff` appends nothing for a peer that is not an IP address.
 */
import { canonicalIp, isLoopback } from "../../ir/ip-address.ts";

export const XFF = "x-forwarded-for";

/**
 * `Utility::getLastAddressFromXFF` (envoy source/common/http/utility.cc): skip `numToSkip` entries from the right
 * (each `rfind(",")`; too few commas → none), take the text after the last remaining comma (the whole string when
 * there is none, or when the comma ends it), trim whitespace, and parse it as an IP address (`parseInternetAddress`;
 * not an address → none). Returns Envoy's text form of the address.
 */
export function lastAddressFromXff(xff: string | undefined, numToSkip: number): string | undefined {
  if (xff === undefined) return undefined;
  let s = xff;
  for (let i = 0; i < numToSkip; i++) {
    const comma = s.lastIndexOf(",");
    if (comma < 0) return undefined;
    s = s.slice(0, comma);
  }
  const comma = s.lastIndexOf(",");
  if (comma >= 0 && comma + 1 < s.length) s = s.slice(comma + 1);
  // StringUtil::ltrim / rtrim: WhitespaceChars " \t\f\v\n\r".
  s = s.replace(/^[ \t\f\v\n\r]+/, "").replace(/[ \t\f\v\n\r]+$/, "");
  return canonicalIp(s);
}

/** The HCM settings `mutateRequestHeaders` reads. */
export interface HcmAddressing {
  readonly useRemoteAddress: boolean;
  readonly xffNumTrustedHops: number;
}

/** What the HCM made of a request's addresses. */
export interface Downstream {
  /** The connection's peer: `direct_remote_ip`, `source_ip`. */
  readonly peer: string | undefined;
  /** The request's downstream address: `remote_ip`. */
  readonly remote: string | undefined;
  /** Where `remote` came from, for traces. */
  readonly from: "xff" | "peer";
  /** The request headers after the HCM (XFF appended with `use_remote_address`). */
  readonly headers: Readonly<Record<string, string>>;
}

/** `mutateRequestHeaders`' address part for a request from `peer` to a proxy whose own address is `local`. */
export function hcmDownstream(
  hcm: HcmAddressing,
  peer: string | undefined,
  local: string | undefined,
  headers: Readonly<Record<string, string>>,
): Downstream {
  const xff = headers[XFF];
  const skip = hcm.useRemoteAddress ? hcm.xffNumTrustedHops - 1 : hcm.xffNumTrustedHops;
  const detected = skip < 0 ? undefined : lastAddressFromXff(xff, skip);
  const remote = detected ?? peer;
  const from = detected === undefined ? "peer" : "xff";
  if (!hcm.useRemoteAddress) return { peer, remote, from, headers };
  const own = peer !== undefined && isLoopback(peer) ? local : peer;
  const appended = own === undefined ? undefined : (canonicalIp(own) ?? own);
  if (appended === undefined) return { peer, remote, from, headers };
  // HeaderMapImpl::appendToHeader with delimiter ",": the value alone when the header is absent or empty.
  const value = xff === undefined || xff === "" ? appended : `${xff},${appended}`;
  return { peer, remote, from, headers: { ...headers, [XFF]: value } };
}
