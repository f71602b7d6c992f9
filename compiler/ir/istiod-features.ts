/**
 * istiod's feature flags that change what meshc models. istiod reads them from its environment once at start
 * (pilot/pkg/features: `env.Register(name, default, ...).Get()`), so they are set on the istiod Deployment, typically
 * through Helm's `pilot.env` or IstioOperator's `values.pilot.env`; meshc takes them from `istiod.env` in
 * meshc.config.json (docs/cli.md) or `compile`'s `istiod` option. Only the flags below are accepted: a flag meshc does
 * not model would be silently ignored, so it is an error (MESH1411), as is a value istiod would not parse (MESH1412).
 */
import { createDiagnostic, type Diagnostic, type Result } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import type { Span } from "../diagnostics/span.ts";

/** The flags' values meshc's stages read (the IR's `istiod`). */
export interface IstiodFeatures {
  /**
   * `PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER` (features.EnableHeadlessFilterChainListener, default false): a
   * headless Service's TCP and sniffed ports get no listener per endpoint; each endpoint becomes a `<ip>/32`
   * `prefix_ranges` chain of the port's wildcard listener (istio/istio#60642).
   */
  readonly enableHeadlessFilterChainListener: boolean;
  /**
   * `PILOT_ENABLE_IP_AUTOALLOCATE` (features.EnableIPAutoallocate, default true): which allocator gives ServiceEntry
   * hosts without `addresses` their `240.240.x.x` address (the IP autoallocate controller, or the ServiceEntry
   * registry's legacy hash). Either address is used only by proxies that capture DNS (model/service.go
   * `GetAddressForProxy`: `DNSCapture && DNSAutoAllocate`), which meshc models as off, so no output depends on it yet.
   */
  readonly enableIPAutoallocate: boolean;
}

/** istiod's defaults. */
export const DEFAULT_ISTIOD_FEATURES: IstiodFeatures = {
  enableHeadlessFilterChainListener: false,
  enableIPAutoallocate: true,
};

/** The environment variable of each modelled flag. */
const FLAGS: Readonly<Record<string, keyof IstiodFeatures>> = {
  PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER: "enableHeadlessFilterChainListener",
  PILOT_ENABLE_IP_AUTOALLOCATE: "enableIPAutoallocate",
};

/** The names meshc models, sorted (for messages and docs). */
export const ISTIOD_FLAG_NAMES: readonly string[] = Object.keys(FLAGS).sort();

/** One `NAME: value` as written (meshc.config.json `istiod.env`), with where it is written when known. */
export interface IstiodEnvEntry {
  readonly name: string;
  readonly value: unknown;
  readonly nameSpan?: Span;
  readonly valueSpan?: Span;
}

/**
 * Go's `strconv.ParseBool`, which istiod's boolean flags use (pkg/env `BoolVar`): 1, t, T, TRUE, true, True and
 * 0, f, F, FALSE, false, False. A JSON boolean is the same value written as one.
 */
function parseBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return undefined;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  return undefined;
}

/**
 * The features istiod runs with given these environment entries (unset flags: istiod's defaults).
 *
 * @example istiodFeatures([{ name: "PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER", value: "true" }]).value
 *   // { enableHeadlessFilterChainListener: true, enableIPAutoallocate: true }
 */
export function istiodFeatures(entries: readonly IstiodEnvEntry[]): Result<IstiodFeatures> {
  const diagnostics: Diagnostic[] = [];
  const features: { -readonly [K in keyof IstiodFeatures]: IstiodFeatures[K] } = { ...DEFAULT_ISTIOD_FEATURES };
  for (const e of entries) {
    const field = Object.hasOwn(FLAGS, e.name) ? FLAGS[e.name] : undefined;
    if (field === undefined) {
      const args = [e.name, ISTIOD_FLAG_NAMES.join(", ")];
      diagnostics.push(createDiagnostic(Messages.Istiod_flag_0_is_not_modelled, e.nameSpan, args));
      continue;
    }
    const value = parseBool(e.value);
    if (value === undefined) {
      const args = [e.name, typeof e.value === "string" ? `'${e.value}'` : JSON.stringify(e.value)];
      diagnostics.push(createDiagnostic(Messages.Istiod_flag_0_takes_a_boolean_Colon_found_1, e.valueSpan, args));
      continue;
    }
    features[field] = value;
  }
  return { value: features, diagnostics };
}
