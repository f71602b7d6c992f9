/**
 * VirtualService HTTP policies: istio `pkg/config/validation/validation.go` `validateHTTPRetry`,
 * `validateHTTPFaultInjection` (+ `Abort`, `Delay`), `validateCORSPolicy`, `validateHTTPMirrors`, the mirror
 * percentage checks of `validateHTTPRoute`, and `ValidateDuration` on `timeout`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { VirtualServiceNode } from "../../ir/ir.ts";
import type { CorsPolicy, HTTPFaultInjection, HTTPRetry, HTTPRoute, Percent } from "../../ir/istio-api.ts";
import { checkDuration, checkStringMatch } from "./_common.ts";
import { parseDurationNs } from "../../ir/duration.ts";
import { checkDestination } from "./_destinations.ts";
import { forEachNode, stringMatchParts, type Report, type Rule } from "../_rule.ts";
import { isValidHeaderName, isValidPercentage } from "./_values.ts";
import { isValidHttpStatus } from "./virtual-service-http.ts";

type Path = (string | number)[];

/** istio `supportedRetryOnPolicies` (Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on values). */
const RETRY_ON = new Set([
  "5xx",
  "gateway-error",
  "reset",
  "connect-failure",
  "envoy-ratelimited",
  "retriable-4xx",
  "refused-stream",
  "retriable-status-codes",
  "retriable-headers",
  "http3-post-connect-failure",
  "reset-before-request",
  "cancelled",
  "deadline-exceeded",
  "internal",
  "resource-exhausted",
  "unavailable",
]);
/** https://github.com/grpc/grpc/blob/master/doc/statuscodes.md (istio `grpc.SupportedGRPCStatus`). */
const GRPC_STATUS = new Set([
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
]);
/** istio `supportedCORSMethods`. */
const CORS_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE", "*"]);

const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

function checkPercent(report: Report, percent: Percent | undefined, path: Path): void {
  const value = percent !== undefined && isObject(percent) ? percent.value : undefined;
  if (value !== undefined && !isValidPercentage(value))
    report(Messages.Percentage_0_out_of_range, [...path, "value"], [String(value)]);
}

function checkRetries(report: Report, retries: HTTPRetry | undefined, path: Path): void {
  if (retries === undefined || !isObject(retries)) return;
  const attempts = typeof retries.attempts === "number" ? retries.attempts : 0;
  if (attempts < 0) report(Messages.Field_0_must_not_be_negative, [...path, "attempts"], ["attempts"]);
  const settings = ["perTryTimeout", "retryOn", "retryRemoteLocalities"] as const;
  if (attempts === 0 && settings.some((f) => retries[f] !== undefined && retries[f] !== "")) {
    report(Messages.Retry_settings_without_attempts, [...path, "attempts"]);
  }
  checkDuration(report, retries.perTryTimeout, [...path, "perTryTimeout"]);
  checkDuration(report, retries.backoff, [...path, "backoff"]);
  const retryOn = typeof retries.retryOn === "string" ? retries.retryOn : undefined;
  for (const policy of retryOn ? retryOn.split(",") : []) {
    const asStatus = /^\d{3}$/.test(policy.trim()) && Number(policy) >= 100 && Number(policy) <= 599;
    if (!asStatus && !RETRY_ON.has(policy.trim()))
      report(Messages.Invalid_retryOn_policy_0, [...path, "retryOn"], [policy]);
  }
}

function checkFault(report: Report, fault: HTTPFaultInjection | undefined, path: Path): void {
  if (fault === undefined || !isObject(fault)) return;
  const abort = isObject(fault.abort) ? fault.abort : undefined;
  const delay = isObject(fault.delay) ? fault.delay : undefined;
  if (abort === undefined && delay === undefined) report(Messages.Fault_needs_abort_or_delay, path);
  if (abort !== undefined) {
    checkPercent(report, abort.percentage, [...path, "abort", "percentage"]);
    const status = "httpStatus" in abort ? abort.httpStatus : undefined;
    if (status !== undefined && !isValidHttpStatus(status))
      report(Messages.HTTP_status_0_out_of_range, [...path, "abort", "httpStatus"], [String(status)]);
    const grpc = "grpcStatus" in abort && typeof abort.grpcStatus === "string" ? abort.grpcStatus : undefined;
    if (grpc !== undefined && !GRPC_STATUS.has(grpc))
      report(Messages.Unknown_gRPC_status_0, [...path, "abort", "grpcStatus"], [grpc]);
    if ("http2Error" in abort && abort.http2Error !== undefined)
      report(Messages.HTTP2_abort_not_supported, [...path, "abort", "http2Error"]);
  }
  if (delay !== undefined) {
    checkPercent(report, delay.percentage, [...path, "delay", "percentage"]);
    checkDuration(report, delay.fixedDelay, [...path, "delay", "fixedDelay"]);
  }
}

function checkCors(report: Report, cors: CorsPolicy | undefined, path: Path): void {
  if (cors === undefined || !isObject(cors)) return;
  (cors.allowOrigins ?? []).forEach((m, i) => {
    if (stringMatchParts(m).exact === "")
      report(Messages.Empty_string_match_0, [...path, "allowOrigins", i, "exact"], ["allowOrigins.exact"]);
    checkStringMatch(report, m, [...path, "allowOrigins", i], "allowOrigins");
  });
  (cors.allowMethods ?? []).forEach((m, i) => {
    if (typeof m === "string" && !CORS_METHODS.has(m))
      report(Messages.Invalid_CORS_method_0, [...path, "allowMethods", i], [m]);
  });
  for (const field of ["allowHeaders", "exposeHeaders"] as const) {
    (cors[field] ?? []).forEach((h, i) => {
      if (typeof h === "string" && h !== "*" && !isValidHeaderName(h))
        report(Messages.Invalid_header_name_0, [...path, field, i], [h]);
    });
  }
  const maxAge = cors.maxAge;
  checkDuration(report, maxAge, [...path, "maxAge"]);
  const ns = typeof maxAge === "string" ? parseDurationNs(maxAge) : undefined;
  if (ns !== undefined && ns >= 1e6 && ns % 1e9 !== 0)
    report(Messages.CORS_maxAge_not_whole_seconds, [...path, "maxAge"]);
}

function checkHttpRoute(report: Report, route: HTTPRoute, path: Path): void {
  checkDuration(report, route.timeout, [...path, "timeout"]);
  checkRetries(report, route.retries, [...path, "retries"]);
  checkFault(report, route.fault, [...path, "fault"]);
  checkCors(report, route.corsPolicy, [...path, "corsPolicy"]);
  checkDestination(report, route.mirror, [...path, "mirror"]);
  checkPercent(report, route.mirrorPercentage, [...path, "mirrorPercentage"]);
  (route.mirrors ?? []).forEach((m, i) => {
    checkDestination(report, m.destination, [...path, "mirrors", i, "destination"]);
    checkPercent(report, m.percentage, [...path, "mirrors", i, "percentage"]);
  });
}

function checkVirtualService(vs: VirtualServiceNode, report: Report): void {
  (vs.spec.http ?? []).forEach((r, i) => checkHttpRoute(report, r, ["spec", "http", i]));
}

/** Timeouts, retries, faults, CORS and mirroring of every VirtualService HTTP route. */
export const virtualServicePolicies: Rule = forEachNode("virtualService", checkVirtualService);
