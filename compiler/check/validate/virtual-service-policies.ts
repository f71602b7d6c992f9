/**
 * VirtualService HTTP policies: istio `pkg/config/validation/validation.go` `validateHTTPRetry`,
 * `validateHTTPFaultInjection` (+ `Abort`, `Delay`), `validateCORSPolicy`, `validateHTTPMirrors`, the mirror
 * percentage checks of `validateHTTPRoute`, and `ValidateDuration` on `timeout`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { isRecord, list, record, str } from "../../ir/_read.ts";
import type { VirtualServiceNode } from "../../ir/ir.ts";
import { checkDuration, checkStringMatch } from "./_common.ts";
import { parseDurationNs } from "../../ir/duration.ts";
import { checkDestination } from "./_destinations.ts";
import { forEachOfKind, type Report, type Rule } from "./_report.ts";
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

function checkPercent(report: Report, percent: unknown, path: Path): void {
  const value = record(percent)["value"];
  if (value !== undefined && !isValidPercentage(value))
    report(Messages.Percentage_0_out_of_range, [...path, "value"], [String(value)]);
}

function checkRetries(report: Report, retries: unknown, path: Path): void {
  if (!isRecord(retries)) return;
  const attempts = typeof retries["attempts"] === "number" ? retries["attempts"] : 0;
  if (attempts < 0) report(Messages.Field_0_must_not_be_negative, [...path, "attempts"], ["attempts"]);
  if (
    attempts === 0 &&
    ["perTryTimeout", "retryOn", "retryRemoteLocalities"].some((f) => retries[f] !== undefined && retries[f] !== "")
  ) {
    report(Messages.Retry_settings_without_attempts, [...path, "attempts"]);
  }
  checkDuration(report, retries["perTryTimeout"], [...path, "perTryTimeout"]);
  checkDuration(report, retries["backoff"], [...path, "backoff"]);
  const retryOn = str(retries["retryOn"]);
  for (const policy of retryOn ? retryOn.split(",") : []) {
    const asStatus = /^\d{3}$/.test(policy.trim()) && Number(policy) >= 100 && Number(policy) <= 599;
    if (!asStatus && !RETRY_ON.has(policy.trim()))
      report(Messages.Invalid_retryOn_policy_0, [...path, "retryOn"], [policy]);
  }
}

function checkFault(report: Report, fault: unknown, path: Path): void {
  if (!isRecord(fault)) return;
  if (!isRecord(fault["abort"]) && !isRecord(fault["delay"])) report(Messages.Fault_needs_abort_or_delay, path);
  const abort = record(fault["abort"]);
  checkPercent(report, abort["percentage"], [...path, "abort", "percentage"]);
  if (abort["httpStatus"] !== undefined && !isValidHttpStatus(abort["httpStatus"])) {
    report(Messages.HTTP_status_0_out_of_range, [...path, "abort", "httpStatus"], [String(abort["httpStatus"])]);
  }
  const grpc = str(abort["grpcStatus"]);
  if (grpc !== undefined && !GRPC_STATUS.has(grpc))
    report(Messages.Unknown_gRPC_status_0, [...path, "abort", "grpcStatus"], [grpc]);
  if (abort["http2Error"] !== undefined) report(Messages.HTTP2_abort_not_supported, [...path, "abort", "http2Error"]);
  const delay = record(fault["delay"]);
  checkPercent(report, delay["percentage"], [...path, "delay", "percentage"]);
  checkDuration(report, delay["fixedDelay"], [...path, "delay", "fixedDelay"]);
}

function checkCors(report: Report, cors: unknown, path: Path): void {
  if (!isRecord(cors)) return;
  list(cors["allowOrigins"]).forEach((o, i) => {
    const m = record(o);
    if (m["exact"] === "")
      report(Messages.Empty_string_match_0, [...path, "allowOrigins", i, "exact"], ["allowOrigins.exact"]);
    checkStringMatch(report, m, [...path, "allowOrigins", i], "allowOrigins");
  });
  list(cors["allowMethods"]).forEach((m, i) => {
    if (typeof m === "string" && !CORS_METHODS.has(m))
      report(Messages.Invalid_CORS_method_0, [...path, "allowMethods", i], [m]);
  });
  for (const field of ["allowHeaders", "exposeHeaders"]) {
    list(cors[field]).forEach((h, i) => {
      if (typeof h === "string" && h !== "*" && !isValidHeaderName(h))
        report(Messages.Invalid_header_name_0, [...path, field, i], [h]);
    });
  }
  const maxAge = cors["maxAge"];
  checkDuration(report, maxAge, [...path, "maxAge"]);
  const ns = typeof maxAge === "string" ? parseDurationNs(maxAge) : undefined;
  if (ns !== undefined && ns >= 1e6 && ns % 1e9 !== 0)
    report(Messages.CORS_maxAge_not_whole_seconds, [...path, "maxAge"]);
}

function checkHttpRoute(report: Report, route: Readonly<Record<string, unknown>>, path: Path): void {
  checkDuration(report, route["timeout"], [...path, "timeout"]);
  checkRetries(report, route["retries"], [...path, "retries"]);
  checkFault(report, route["fault"], [...path, "fault"]);
  checkCors(report, route["corsPolicy"], [...path, "corsPolicy"]);
  checkDestination(report, route["mirror"], [...path, "mirror"]);
  checkPercent(report, route["mirrorPercentage"], [...path, "mirrorPercentage"]);
  list(route["mirrors"]).forEach((m, i) => {
    checkDestination(report, record(m)["destination"], [...path, "mirrors", i, "destination"]);
    checkPercent(report, record(m)["percentage"], [...path, "mirrors", i, "percentage"]);
  });
}

function checkVirtualService(vs: VirtualServiceNode, report: Report): void {
  list(vs.spec.http).forEach((r, i) => checkHttpRoute(report, record(r), ["spec", "http", i]));
}

/** Timeouts, retries, faults, CORS and mirroring of every VirtualService HTTP route. */
export const virtualServicePolicies: Rule = (ir) => forEachOfKind(ir, "virtualService", checkVirtualService);
