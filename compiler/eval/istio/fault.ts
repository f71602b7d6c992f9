/**
 * Fault injection forks the outcome (istio `route.go` `TranslateFault`; envoy fault filter,
 * https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/fault_filter): the delay is drawn first,
 * then the abort, independently. A `percentage` becomes `numerator = uint32(value * 10000)` over a million, so it
 * is truncated to 1e-4 %; the legacy integer `percent` is over a hundred; no percentage means the fault never fires
 * (Envoy's unset FractionalPercent is 0).
 */
import type { HTTPFaultInjection } from "../../ir/istio-api.ts";
import type { Outcome } from "../types.ts";

export interface FaultFork {
  readonly probability: number;
  readonly fault: Outcome["fault"];
  /** The status an abort answers with (the request never leaves the client's proxy). */
  readonly abortStatus: number | undefined;
}

function fraction(percentage: { readonly value: number } | undefined, percent: number | undefined): number {
  if (percentage !== undefined)
    return Math.min(1_000_000, Math.max(0, Math.floor(percentage.value * 10_000))) / 1_000_000;
  return Math.min(100, Math.max(0, percent ?? 0)) / 100;
}

/**
 * An abort's HTTP status: `httpStatus` as given; a `grpcStatus` abort is a gRPC error inside an HTTP 200 response;
 * an `http2Error` resets the stream (no response, status 0).
 */
function abortStatus(abort: NonNullable<HTTPFaultInjection["abort"]>): number {
  if ("httpStatus" in abort) return abort.httpStatus;
  if ("grpcStatus" in abort) return 200;
  return 0;
}

export function faultForks(fault: HTTPFaultInjection | undefined): FaultFork[] {
  const pd = fault?.delay ? fraction(fault.delay.percentage, fault.delay.percent) : 0;
  const pa = fault?.abort ? fraction(fault.abort.percentage, undefined) : 0;
  const delay = fault?.delay?.fixedDelay ?? "";
  const status = fault?.abort ? abortStatus(fault.abort) : 0;
  const forks: FaultFork[] = [
    { probability: (1 - pd) * (1 - pa), fault: null, abortStatus: undefined },
    { probability: pd * (1 - pa), fault: { delay }, abortStatus: undefined },
    { probability: (1 - pd) * pa, fault: { abort: status }, abortStatus: status },
    { probability: pd * pa, fault: { delay, abort: status }, abortStatus: status },
  ];
  return forks.filter((f) => f.probability > 0);
}
