// VirtualService retries → Envoy RetryPolicy, as istiod's `ConvertPolicy` (pilot/pkg/networking/core/route/retry/retry.go).
import type { HTTPRetry } from "../../../ir/istio-api.ts";
import {
  RetryPolicy,
  RetryPolicy_RetryBackOff,
  RetryPolicy_RetryHostPredicate,
  RetryPolicy_RetryPriority,
} from "../gen/envoy/config/route/v3/route_components.ts";
import { PreviousHostsPredicate } from "../gen/envoy/extensions/retry/host/previous_hosts/v3/previous_hosts.ts";
import { PreviousPrioritiesConfig } from "../gen/envoy/extensions/retry/priority/previous_priorities/v3/previous_priorities_config.ts";
import { packAny } from "../registry.ts";
import { duration, u32 } from "../proto.ts";

/** retry.go `defaultRetryOn`. */
export const DEFAULT_RETRY_ON = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

/** retry.go `defaultRetryHostPredicate`: prefer hosts not tried yet. */
function previousHosts(): RetryPolicy_RetryHostPredicate {
  return RetryPolicy_RetryHostPredicate.create({
    name: "envoy.retry_host_predicates.previous_hosts",
    configType: {
      oneofKind: "typedConfig",
      typedConfig: packAny(PreviousHostsPredicate, PreviousHostsPredicate.create()),
    },
  });
}

/**
 * retry.go `defaultPolicy`: 2 retries on DEFAULT_RETRY_ON, `host_selection_retry_max_attempts: 5`, and the
 * previous_hosts predicate unless the destination uses consistent hashing (retrying elsewhere would break affinity).
 */
function defaultPolicy(hashPolicy: boolean): RetryPolicy {
  return RetryPolicy.create({
    retryOn: DEFAULT_RETRY_ON,
    numRetries: u32(2),
    hostSelectionRetryMaxAttempts: "5",
    retryHostPredicate: hashPolicy ? [] : [previousHosts()],
  });
}

/** retry.go `parseRetryOn`: integer tokens that are HTTP statuses become `retriable_status_codes`. */
function parseRetryOn(retryOn: string): { on: string; codes: number[] } {
  const on: string[] = [];
  const codes: number[] = [];
  for (const raw of retryOn.split(",")) {
    const token = raw.trim();
    if (token === "") continue;
    const code = /^\d+$/.test(token) ? Number(token) : NaN;
    if (code >= 100 && code <= 599) codes.push(code);
    else on.push(token);
  }
  return { on: on.join(","), codes };
}

/**
 * retry.go `ConvertPolicy`: no `retries` → the default policy (MeshConfig `defaultHttpRetryPolicy` is not in the
 * IR); `attempts <= 0` → none; otherwise the default with the user's fields on top.
 * `retryPolicy({ attempts: 3, retryOn: "5xx,503" })` → `{ retry_on: "5xx,retriable-status-codes",
 * retriable_status_codes: [503], num_retries: 3, host_selection_retry_max_attempts: 5, retry_host_predicate: [previous_hosts] }`.
 */
export function retryPolicy(retries: HTTPRetry | undefined, hashPolicy: boolean): RetryPolicy | undefined {
  if (retries === undefined) return defaultPolicy(hashPolicy);
  if ((retries.attempts ?? 0) <= 0) return undefined;
  const out = defaultPolicy(hashPolicy);
  out.numRetries = u32(retries.attempts!);
  if (retries.retryOn !== undefined && retries.retryOn !== "") {
    const { on, codes } = parseRetryOn(retries.retryOn);
    out.retryOn =
      codes.length > 0 && !on.includes("retriable-status-codes")
        ? on === ""
          ? "retriable-status-codes"
          : `${on},retriable-status-codes`
        : on;
    out.retriableStatusCodes = codes;
  }
  out.perTryTimeout = duration(retries.perTryTimeout);
  if (retries.retryRemoteLocalities === true) {
    out.retryPriority = RetryPolicy_RetryPriority.create({
      name: "envoy.retry_priorities.previous_priorities",
      configType: {
        oneofKind: "typedConfig",
        typedConfig: packAny(PreviousPrioritiesConfig, PreviousPrioritiesConfig.create({ updateFrequency: 2 })),
      },
    });
  }
  if (retries.retryIgnorePreviousHosts === false) out.retryHostPredicate = [];
  const backoff = duration(retries.backoff);
  if (backoff !== undefined) out.retryBackOff = RetryPolicy_RetryBackOff.create({ baseInterval: backoff });
  return out;
}
