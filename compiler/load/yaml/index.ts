/**
 * The YAML front end: Istio/Kubernetes YAML files and directories → `InputDocument`s with a span for every node.
 */

// For the driver and the CLI: load inputs.
export { loadYamlInputs, loadYamlText } from "./load.ts";
export type { YamlLoad } from "./load.ts";

// MeshConfig from the `istio` ConfigMap: the loaders attach it to that document (the mesh.ts front end too).
export { parseMeshConfig, withParsedMeshConfig } from "./mesh-config.ts";

// For tools that need YAML with positions outside a resource (scenario fixtures, `meshc import`).
export { parseYamlText } from "./parse.ts";
export type { ParsedYamlDocument } from "./parse.ts";
export { classifyKind } from "../kinds.ts";
export type { KindStatus } from "../kinds.ts";
