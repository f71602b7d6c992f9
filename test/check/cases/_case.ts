/** A check-stage case: a YAML text and every diagnostic line it must produce (none for a passing case). */
export interface CheckCase {
  readonly name: string;
  readonly yaml: string;
  readonly expected: readonly string[];
}

const API: Readonly<Record<string, string>> = {
  VirtualService: "networking.istio.io/v1",
  DestinationRule: "networking.istio.io/v1",
  Gateway: "networking.istio.io/v1",
  ServiceEntry: "networking.istio.io/v1",
  Sidecar: "networking.istio.io/v1",
  PeerAuthentication: "security.istio.io/v1",
  AuthorizationPolicy: "security.istio.io/v1",
  RequestAuthentication: "security.istio.io/v1",
};

/**
 * One resource whose spec starts on line 5 (`spec:` is line 4), so expected positions read off the fixture:
 * `resource("VirtualService", "  hosts: [a]")` puts `hosts` on line 5, column 3.
 */
export function resource(kind: string, spec: string, meta = "{name: x, namespace: default}"): string {
  return `apiVersion: ${API[kind] ?? "v1"}\nkind: ${kind}\nmetadata: ${meta}\nspec:\n${spec.replace(/^\n/, "")}`;
}
