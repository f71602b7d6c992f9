/**
 * Inputs that were quadratic or worse before issue 18 (its item 4), as text of a chosen size: a ConfigMap nested
 * `depth` mappings deep (span computation), and `n` VirtualServices routing the same host (MESH2204 findings).
 */

/** A YAML document whose `data` nests `depth` block mappings (about depth² bytes of indentation). */
export function nestedYaml(depth: number): string {
  const lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: nested", "data:"];
  for (let i = 0; i < depth; i++) lines.push(`${"  ".repeat(i + 1)}k${i}:`);
  lines.push(`${"  ".repeat(depth + 1)}leaf: "1"`);
  return `${lines.join("\n")}\n`;
}

/** `n` VirtualServices in one namespace, all routing `reviews` for the mesh. */
export function sameHostVirtualServices(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(
      [
        "apiVersion: networking.istio.io/v1",
        "kind: VirtualService",
        "metadata:",
        `  name: vs${i}`,
        "  namespace: default",
        "spec:",
        "  hosts: [reviews]",
        "  http:",
        "  - route:",
        "    - destination:",
        "        host: reviews",
      ].join("\n"),
    );
  }
  return `${docs.join("\n---\n")}\n`;
}
