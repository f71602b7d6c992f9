/**
 * The second version of a generated mesh for `meshc diff` (issue 17 §4): one VirtualService (the first namespace's
 * first service's beta user is renamed) and one AuthorizationPolicy (its allow policy also admits PUT) changed.
 */
export function diffVariant(yaml: ReadonlyMap<string, string>): Map<string, string> {
  const name = [...yaml.keys()].sort().find((f) => f !== "istio-system.yaml");
  if (name === undefined) throw new Error("the generated mesh has no application namespace");
  const before = yaml.get(name)!;
  const after = before
    .replace(/(end-user:\n\s*exact: )(\S+)\n/, "$1$2-renamed\n")
    .replace(/- GET\n(\s*)- POST\n/, "- GET\n$1- POST\n$1- PUT\n");
  if (after === before || after.split("\n").length !== before.split("\n").length + 1)
    throw new Error("the generated mesh no longer has the VirtualService and policy this variant edits");
  return new Map([...yaml, [name, after]]);
}
