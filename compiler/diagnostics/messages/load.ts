/** 1000–1099: reading inputs, the invocation, type-checking and running mesh.ts. */
import { diag } from "../diagnostic.ts";

export const loadMessages = {
  Cannot_read_input_0_Colon_1: diag(1001, "error", "Cannot read input '{0}': {1}."),
  Input_0_is_neither_a_mesh_ts_file_nor_YAML: diag(
    1002,
    "error",
    "Input '{0}' is neither a TypeScript file nor a YAML file or directory.",
    "Pass a mesh.ts file, or .yaml/.yml files or directories.",
  ),
  Mixed_mesh_ts_and_YAML_inputs: diag(
    1003,
    "error",
    "A mesh.ts input cannot be combined with other inputs.",
    "Import the other files from mesh.ts, or convert the YAML with 'meshc import'.",
  ),
  No_inputs_given: diag(
    1005,
    "error",
    "No input given.",
    "Pass a mesh.ts file or Istio/Kubernetes YAML files or directories.",
  ),
  Directory_0_contains_no_YAML_files: diag(1006, "warning", "Directory '{0}' contains no .yaml or .yml files."),
  Duplicate_0_1_declared_again: diag(
    1010,
    "error",
    "{0} '{1}' is declared more than once.",
    "Kubernetes keeps only one object per kind, namespace and name; merge the two or rename one.",
  ),
  Several_istio_ConfigMaps: diag(
    1011,
    "error",
    "MeshConfig is given more than once (ConfigMap 'istio' in '{0}' and '{1}').",
    "Keep one 'istio' ConfigMap, in the root namespace.",
  ),
} as const;
