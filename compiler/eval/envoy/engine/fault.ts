/**
 * The outbound fault filter with the route's per-filter config (envoy
 * `source/extensions/filters/http/fault/fault_filter.cc` `FaultFilter::decodeHeaders`: the most specific
 * `typed_per_filter_config` for `envoy.filters.http.fault` — route, then virtual host, then route configuration —
 * replaces the filter's own config; the delay is drawn first, then the abort, each with
 * `featureEnabled(percentage)`, i.e. numerator / denominator of a uniform draw; an unset percentage is 0 %). An abort
 * answers locally (`http_status`, or a gRPC status inside an HTTP 200), so the request never leaves the client.
 */
import type { RouteConfiguration } from "../../../emit/envoy/gen/envoy/config/route/v3/route.ts";
import type { Route, VirtualHost } from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { HTTPFault } from "../../../emit/envoy/gen/envoy/extensions/filters/http/fault/v3/fault.ts";
import {
  FractionalPercent_DenominatorType as Denominator,
  type FractionalPercent,
} from "../../../emit/envoy/gen/envoy/type/v3/percent.ts";
import { Any } from "../../../emit/envoy/gen/google/protobuf/any.ts";
import { Duration } from "../../../emit/envoy/gen/google/protobuf/duration.ts";
import type { Outcome } from "../../types.ts";
import { formatDuration } from "./durations.ts";

const FAULT = "envoy.filters.http.fault";

export interface FaultFork {
  readonly probability: number;
  readonly fault: Outcome["fault"];
  readonly abortStatus: number | undefined;
}

const DENOMINATORS: Record<Denominator, number> = {
  [Denominator.HUNDRED]: 100,
  [Denominator.TEN_THOUSAND]: 10_000,
  [Denominator.MILLION]: 1_000_000,
};

/** `ProtobufPercentHelper::evaluateFractionalPercent`: `random % denominator < numerator`, as a probability. */
function fraction(p: FractionalPercent | undefined): number {
  if (p === undefined) return 0;
  const d = DENOMINATORS[p.denominator];
  return Math.min(d, p.numerator) / d;
}

function perRoute(
  route: Route | undefined,
  vhost: VirtualHost | undefined,
  config: RouteConfiguration,
): HTTPFault | undefined {
  const any =
    route?.typedPerFilterConfig[FAULT] ?? vhost?.typedPerFilterConfig[FAULT] ?? config.typedPerFilterConfig[FAULT];
  return any === undefined ? undefined : Any.unpack(any, HTTPFault);
}

/** The forks of a request through the fault filter (no fault: one fork with probability 1). */
export function faultForks(
  route: Route | undefined,
  vhost: VirtualHost | undefined,
  config: RouteConfiguration,
): FaultFork[] {
  const f = perRoute(route, vhost, config);
  const delaySpec = f?.delay?.faultDelaySecifier;
  const pd = delaySpec?.oneofKind === "fixedDelay" ? fraction(f?.delay?.percentage) : 0;
  const delay =
    delaySpec?.oneofKind === "fixedDelay" ? formatDuration(Duration.toJson(delaySpec.fixedDelay) as string) : "";
  const errorType = f?.abort?.errorType;
  const status =
    errorType?.oneofKind === "httpStatus" ? errorType.httpStatus : errorType?.oneofKind === "grpcStatus" ? 200 : 0;
  const pa =
    errorType?.oneofKind === "httpStatus" || errorType?.oneofKind === "grpcStatus" ? fraction(f?.abort?.percentage) : 0;
  const forks: FaultFork[] = [
    { probability: (1 - pd) * (1 - pa), fault: null, abortStatus: undefined },
    { probability: pd * (1 - pa), fault: { delay }, abortStatus: undefined },
    { probability: (1 - pd) * pa, fault: { abort: status }, abortStatus: status },
    { probability: pd * pa, fault: { delay, abort: status }, abortStatus: status },
  ];
  return forks.filter((x) => x.probability > 0);
}
