/**
 * ReferenceGrants (istio `pilot/pkg/config/kube/gateway/conversion.go` `convertReferencePolicies`, `BackendAllowed`,
 * `SecretAllowed`): which kinds in a namespace may refer to Services or Secrets of the grant's namespace.
 */
import { list, record, str } from "../../load/json.ts";
import { GATEWAY_API_GROUP, type GatewayApiResource } from "./_model.ts";

/** The `from` kinds istiod recognises (others may be for another controller and are skipped). */
const FROM_KINDS = new Set(["Gateway", "HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute"]);

export interface ReferenceGrants {
  /** Whether a `fromKind` in `fromNamespace` may refer to `toKind` `name` in `toNamespace`. */
  allowed(
    fromKind: string,
    fromNamespace: string,
    toKind: "Service" | "Secret" | "ConfigMap",
    toNamespace: string,
    name: string,
  ): boolean;
}

export function referenceGrants(grants: readonly GatewayApiResource[]): ReferenceGrants {
  // `fromKind/fromNs/toKind/toNs` → allowed names, or "*" for all.
  const index = new Map<string, Set<string>>();
  for (const grant of grants) {
    for (const f of list(grant.spec["from"]).map(record)) {
      const fromKind = str(f["kind"]) ?? "";
      if ((str(f["group"]) ?? "") !== GATEWAY_API_GROUP || !FROM_KINDS.has(fromKind)) continue;
      for (const t of list(grant.spec["to"]).map(record)) {
        const toKind = str(t["kind"]) ?? "";
        if ((str(t["group"]) ?? "") !== "" || !["Service", "Secret", "ConfigMap"].includes(toKind)) continue;
        const key = `${fromKind}/${str(f["namespace"]) ?? ""}/${toKind}/${grant.namespace}`;
        const names = index.get(key) ?? new Set<string>();
        names.add(str(t["name"]) ?? "*");
        index.set(key, names);
      }
    }
  }
  return {
    allowed: (fromKind, fromNamespace, toKind, toNamespace, name) => {
      const names = index.get(`${fromKind}/${fromNamespace}/${toKind}/${toNamespace}`);
      return names !== undefined && (names.has("*") || names.has(name));
    },
  };
}
