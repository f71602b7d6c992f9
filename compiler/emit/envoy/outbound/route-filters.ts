// Per-route HTTP filter configs and header manipulation: fault injection (`TranslateFault`), CORS
// (`TranslateCORSPolicy`) and header operations (`TranslateHeadersOperations`), pilot/pkg/networking/core/route/route.go.
import type { CorsPolicy as IstioCors, HTTPFaultInjection, Headers, Percent } from "../../../ir/istio-api.ts";
import {
  HeaderValue,
  HeaderValueOption,
  HeaderValueOption_HeaderAppendAction,
  RuntimeFractionalPercent,
} from "../gen/envoy/config/core/v3/base.ts";
import { CorsPolicy } from "../gen/envoy/extensions/filters/http/cors/v3/cors.ts";
import { FaultDelay } from "../gen/envoy/extensions/filters/common/fault/v3/fault.ts";
import { FaultAbort, HTTPFault } from "../gen/envoy/extensions/filters/http/fault/v3/fault.ts";
import { FractionalPercent, FractionalPercent_DenominatorType } from "../gen/envoy/type/v3/percent.ts";
import type { Any } from "../gen/google/protobuf/any.ts";
import { packAny } from "../registry.ts";
import { boolValue, byString, duration, durationSeconds } from "../proto.ts";
import { stringMatcher } from "./route-match.ts";

/**
 * route.go `translatePercentToFractionalPercent`: `percentage.value` p → `{ numerator: uint32(p*10000), denominator:
 * MILLION }` (Go's float → uint32 conversion truncates: 0.57 % → 5699, not 5700).
 */
export function fractionalPercent(
  percentage: Percent | undefined,
  legacyPercent: number | undefined,
): FractionalPercent | undefined {
  if (percentage !== undefined)
    return FractionalPercent.create({
      numerator: Math.max(0, Math.trunc(percentage.value * 10000)),
      denominator: FractionalPercent_DenominatorType.MILLION,
    });
  if (legacyPercent !== undefined)
    return FractionalPercent.create({
      numerator: legacyPercent,
      denominator: FractionalPercent_DenominatorType.HUNDRED,
    });
  return undefined;
}

/** grpc status names → codes (google.golang.org/grpc/codes), for `abort.grpcStatus`. */
const GRPC_CODES: readonly string[] = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
];

/**
 * route.go `TranslateFault`: `fixedDelay` → `delay.fixed_delay` (exponentialDelay is unsupported and dropped),
 * `abort.httpStatus` / `grpcStatus` → `abort.http_status` / `grpc_status`; percentages per `fractionalPercent`
 * (an abort without one leaves it unset). Undefined when nothing survives.
 */
export function translateFault(fault: HTTPFaultInjection | undefined): HTTPFault | undefined {
  if (fault === undefined) return undefined;
  const out = HTTPFault.create();
  const fixed = duration(fault.delay?.fixedDelay);
  if (fault.delay !== undefined && fixed !== undefined) {
    out.delay = FaultDelay.create({
      faultDelaySecifier: { oneofKind: "fixedDelay", fixedDelay: fixed },
      percentage: fractionalPercent(fault.delay.percentage, fault.delay.percent),
    });
  }
  const abort = fault.abort;
  if (abort !== undefined) {
    if ("httpStatus" in abort) {
      out.abort = FaultAbort.create({
        errorType: { oneofKind: "httpStatus", httpStatus: abort.httpStatus },
        percentage: fractionalPercent(abort.percentage, undefined),
      });
    } else if ("grpcStatus" in abort && GRPC_CODES.includes(abort.grpcStatus)) {
      out.abort = FaultAbort.create({
        errorType: { oneofKind: "grpcStatus", grpcStatus: GRPC_CODES.indexOf(abort.grpcStatus) },
        percentage: fractionalPercent(abort.percentage, undefined),
      });
    }
  }
  return out.delay === undefined && out.abort === undefined ? undefined : out;
}

/**
 * route.go `TranslateCORSPolicy`: origins as string matchers (`allowOrigins`, else the deprecated exact
 * `allowOrigin`), lists joined with ",", `max_age` in seconds, filter enabled at 100%, preflights that match no
 * origin forwarded unless `unmatchedPreflights: IGNORE`.
 */
export function translateCors(cors: IstioCors | undefined): CorsPolicy | undefined {
  if (cors === undefined) return undefined;
  const origins =
    cors.allowOrigins !== undefined
      ? cors.allowOrigins.map(stringMatcher)
      : (cors.allowOrigin ?? []).map((exact) => stringMatcher({ exact }));
  const maxAge = durationSeconds(cors.maxAge);
  return CorsPolicy.create({
    allowOriginStringMatch: origins,
    allowMethods: (cors.allowMethods ?? []).join(","),
    allowHeaders: (cors.allowHeaders ?? []).join(","),
    exposeHeaders: (cors.exposeHeaders ?? []).join(","),
    maxAge: maxAge === undefined ? "" : String(maxAge),
    allowCredentials: cors.allowCredentials === undefined ? undefined : boolValue(cors.allowCredentials),
    filterEnabled: RuntimeFractionalPercent.create({
      defaultValue: FractionalPercent.create({
        numerator: 100,
        denominator: FractionalPercent_DenominatorType.HUNDRED,
      }),
    }),
    forwardNotMatchingPreflights: boolValue(cors.unmatchedPreflights !== "IGNORE"),
  });
}

/** The route's `typed_per_filter_config`: the fault and CORS filters are always in the outbound HCM so these apply. */
export function perFilterConfig(fault: HTTPFault | undefined, cors: CorsPolicy | undefined): { [filter: string]: Any } {
  const out: { [filter: string]: Any } = {};
  if (cors !== undefined) out["envoy.filters.http.cors"] = packAny(CorsPolicy, cors);
  if (fault !== undefined) out["envoy.filters.http.fault"] = packAny(HTTPFault, fault);
  return out;
}

export interface HeaderOps {
  readonly requestHeadersToAdd: HeaderValueOption[];
  readonly requestHeadersToRemove: string[];
  readonly responseHeadersToAdd: HeaderValueOption[];
  readonly responseHeadersToRemove: string[];
  /** `:authority` / `host` in request set/add (set wins). */
  readonly hostRewrite: string | undefined;
}

const isHost = (name: string): boolean => name === ":authority" || name.toLowerCase() === "host";

function toAdd(
  values: Readonly<Record<string, string>> | undefined,
  action: HeaderValueOption_HeaderAppendAction,
): HeaderValueOption[] {
  return Object.keys(values ?? {})
    .sort(byString)
    .filter((k) => !k.startsWith(":") && k.toLowerCase() !== "host")
    .map((key) =>
      HeaderValueOption.create({ header: HeaderValue.create({ key, value: values![key]! }), appendAction: action }),
    );
}

const toRemove = (names: readonly string[] | undefined): string[] =>
  (names ?? []).filter((n) => !n.startsWith(":") && n.toLowerCase() !== "host");

/**
 * route.go `TranslateHeadersOperations`: `set` → OVERWRITE_IF_EXISTS_OR_ADD, `add` → APPEND_IF_EXISTS_OR_ADD (set
 * entries first, each sorted by name); pseudo-headers and `host` are never emitted as headers; a request
 * `:authority`/`host` becomes `host_rewrite_literal`.
 */
export function translateHeaders(headers: Headers | undefined): HeaderOps {
  const req = headers?.request;
  const res = headers?.response;
  const hostOf = (values: Readonly<Record<string, string>> | undefined) =>
    Object.entries(values ?? {}).find(([k]) => isHost(k))?.[1];
  return {
    requestHeadersToAdd: [
      ...toAdd(req?.set, HeaderValueOption_HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD),
      ...toAdd(req?.add, HeaderValueOption_HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD),
    ],
    requestHeadersToRemove: toRemove(req?.remove),
    responseHeadersToAdd: [
      ...toAdd(res?.set, HeaderValueOption_HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD),
      ...toAdd(res?.add, HeaderValueOption_HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD),
    ],
    responseHeadersToRemove: toRemove(res?.remove),
    hostRewrite: hostOf(req?.set) ?? hostOf(req?.add),
  };
}
