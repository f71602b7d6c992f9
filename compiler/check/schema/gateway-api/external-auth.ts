/**
 * The `HTTPExternalAuthFilter` rules (gateway-api `apis/v1/httproute_types.go`, v1.4.0, experimental): the protocol
 * names the block that configures it. The CRD's messages, verbatim. The schema leaves `externalAuth` open
 * (scripts/gen-schemas gateway-api-patches.ts), so its fields are read here with their types checked; the two it
 * requires (`protocol`, `backendRef`) are reported as the schema would report them (MESH2013).
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { FieldPath } from "../../../diagnostics/span.ts";
import type { Checked, RouteFilter, RouteSpec } from "./_types.ts";

/** The fields the rules read: `protocol` (a string, else undefined), and which of `grpc` and `http` are set. */
interface ExternalAuth {
  readonly protocol: string | undefined;
  readonly hasProtocol: boolean;
  readonly hasBackendRef: boolean;
  readonly hasGrpc: boolean;
  readonly hasHttp: boolean;
}

function externalAuthOf(value: unknown): ExternalAuth | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const o = value as Readonly<Record<string, unknown>>;
  return {
    protocol: typeof o["protocol"] === "string" ? o["protocol"] : undefined,
    hasProtocol: o["protocol"] !== undefined,
    hasBackendRef: o["backendRef"] !== undefined,
    hasGrpc: o["grpc"] !== undefined,
    hasHttp: o["http"] !== undefined,
  };
}

/** [the filter breaks the rule, the CRD's message]. */
const RULES: readonly (readonly [(a: ExternalAuth) => boolean, string])[] = [
  // rule: self.protocol == 'GRPC' ? has(self.grpc) : true
  [(a) => a.protocol === "GRPC" && !a.hasGrpc, "grpc must be specified when protocol is set to 'GRPC'"],
  // rule: has(self.grpc) ? self.protocol == 'GRPC' : true
  [(a) => a.hasGrpc && a.protocol !== "GRPC", "protocol must be 'GRPC' when grpc is set"],
  // rule: self.protocol == 'HTTP' ? has(self.http) : true
  [(a) => a.protocol === "HTTP" && !a.hasHttp, "http must be specified when protocol is set to 'HTTP'"],
  // rule: has(self.http) ? self.protocol == 'HTTP' : true
  [(a) => a.hasHttp && a.protocol !== "HTTP", "protocol must be 'HTTP' when http is set"],
];

/** The ExternalAuth rules of a list of HTTPRoute filters at `at`. */
export function externalAuthDiagnostics(
  route: Checked<RouteSpec>,
  filters: readonly RouteFilter[],
  at: FieldPath,
): Diagnostic[] {
  return filters.flatMap((f, j) => {
    const here: FieldPath = [...at, j, "externalAuth"];
    const auth = externalAuthOf(f.externalAuth);
    if (auth === undefined) return [];
    // `+required` protocol and backendRef (the API server's "Required value" before any CEL rule runs).
    const missing = [...(auth.hasProtocol ? [] : ["protocol"]), ...(auth.hasBackendRef ? [] : ["backendRef"])].map(
      (field) => createDiagnostic(Messages.Missing_required_field_0_in_1, route.at(here), [field, here.join(".")]),
    );
    if (missing.length > 0) return missing;
    return RULES.filter(([breaks]) => breaks(auth)).map(([, message]) =>
      createDiagnostic(Messages.ExternalAuth_filter_is_invalid_Colon_0, route.at(here), [message]),
    );
  });
}
