/**
 * The `spec.tls.frontend.perPort` rule of a Gateway (gateway-api `apis/v1/gateway_types.go` `FrontendTLSConfig.PerPort`,
 * v1.4.0, experimental): one TLS configuration per port (`+listType=map`, `+listMapKey=port`, and the CEL rule
 * "Port for TLS configuration must be unique within the Gateway": self.all(t1, self.exists_one(t2, t1.port == t2.port))).
 * The API server reports the repeated key, as for the routes' keyed lists (MESH2321). The schema leaves `frontend`
 * open (scripts/gen-schemas gateway-api-patches.ts), so the fields are read with their types checked.
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { Checked, GatewaySpec } from "./_types.ts";

type Obj = Readonly<Record<string, unknown>>;

const objectOf = (value: unknown): Obj | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;

/** The ports of `perPort` (undefined for an entry without a numeric port), or none when it is not a list. */
function perPortPorts(frontend: unknown): readonly (number | undefined)[] {
  const perPort = objectOf(frontend)?.["perPort"];
  if (!Array.isArray(perPort)) return [];
  return perPort.map((entry: unknown) => {
    const port = objectOf(entry)?.["port"];
    return typeof port === "number" ? port : undefined;
  });
}

/** A diagnostic at each perPort entry whose port an earlier entry already has. */
export function frontendTlsDiagnostics(gw: Checked<GatewaySpec>): Diagnostic[] {
  const ports = perPortPorts(gw.spec.tls?.frontend);
  return ports.flatMap((port, i) =>
    port !== undefined && ports.indexOf(port) < i
      ? [
          createDiagnostic(
            Messages.Duplicate_value_0_in_a_list_keyed_by_1,
            gw.at(["spec", "tls", "frontend", "perPort", i]),
            [`{"port":${port}}`, "port"],
          ),
        ]
      : [],
  );
}
