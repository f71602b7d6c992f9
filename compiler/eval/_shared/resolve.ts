/**
 * Who sends a request and where it goes, resolved the same way for both engines (the Envoy engine evaluates the
 * emitted config from the same starting point, so the two can be compared).
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { MeshIR } from "../../ir/ir.ts";
import type { SimRequest } from "../types.ts";
import type { Client, Target } from "./model.ts";
import { resolveClient, resolveTarget } from "./request.ts";
import { checkTcpRequest } from "./tcp.ts";
import { isTlsRequest } from "./gateway-connection.ts";

/** The request's client and target; undefined, with the reasons in `diagnostics`, when it cannot be resolved. */
export function resolveRequest(
  ir: MeshIR,
  request: SimRequest,
  diagnostics: Diagnostic[],
): { client: Client; target: Target } | undefined {
  const client = resolveClient(ir, request, diagnostics);
  if (client === undefined) return undefined;
  // An ingress gateway is addressed by the URL's host and port (default 80), not by a service's port.
  const target: Target | undefined =
    client.proxy === "gateway"
      ? {
          kind: "external",
          fqdn: request.host.toLowerCase() as Target["fqdn"],
          port: request.port ?? (isTlsRequest(request) ? 443 : 80),
          protocol: "HTTP",
        }
      : resolveTarget(ir, request, client, diagnostics);
  if (target === undefined || !checkTcpRequest(ir, request, client, target, diagnostics)) return undefined;
  return { client, target };
}
