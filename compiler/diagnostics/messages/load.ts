/** 1000–1099: reading inputs, the invocation, type-checking and running mesh.ts. */
import { diag } from "../diagnostic.ts";

export const loadMessages = {
  Cannot_read_input_0_Colon_1: diag(1001, "error", "Cannot read input '{0}': {1}.", {
    why: "The input path does not exist or cannot be read.",
    bad: "meshc check mesh/istio.yml",
    fixed: "meshc check mesh/istio.yaml",
    lang: "shell",
  }),
  Input_0_is_neither_a_mesh_ts_file_nor_YAML: diag(
    1002,
    "error",
    "Input '{0}' is neither a TypeScript file nor a YAML file or directory.",
    {
      hint: "Pass a mesh.ts file, or .yaml/.yml files or directories.",
      why: "meshc reads mesh.ts files and YAML files or directories, nothing else.",
      bad: "meshc check mesh.json",
      fixed: "meshc check mesh.yaml",
      lang: "shell",
    },
  ),
  Mixed_mesh_ts_and_YAML_inputs: diag(
    1003,
    "error",
    "Only one mesh.ts input can be given, but there are '{0}' and '{1}'.",
    {
      hint: "Import one from the other; YAML files and directories may be given beside the mesh.ts.",
      why: "One mesh.ts is the program that declares the mesh; a second one is imported from it, not given beside it.",
      bad: "meshc check mesh.ts other-mesh.ts",
      fixed: "meshc check mesh.ts k8s/   # mesh.ts imports ./other-mesh.ts",
      lang: "shell",
    },
  ),
  No_inputs_given: diag(1005, "error", "No input given.", {
    hint: "Pass a mesh.ts file or Istio/Kubernetes YAML files or directories.",
    why: "Every command needs a mesh to read.",
    bad: "meshc check",
    fixed: "meshc check examples/bookinfo/mesh.ts",
    lang: "shell",
  }),
  Directory_0_contains_no_YAML_files: diag(1006, "error", "Directory '{0}' contains no .yaml or .yml files.", {
    hint: "Pass the directory that holds the manifests, or a mesh.ts file.",
    why: "A directory input without YAML files is the wrong directory: checking it would pass without checking anything.",
    bad: "meshc check docs/",
    fixed: "meshc check manifests/",
    lang: "shell",
  }),
  Duplicate_0_1_declared_again: diag(1010, "error", "{0} '{1}' is declared more than once.", {
    related: { first: "First declared here." },
    hint: "Kubernetes keeps only one object per kind, namespace and name; merge the two or rename one.",
    why: "Kubernetes keeps one object per kind, namespace and name; the second silently replaces the first.",
    bad: "kind: VirtualService\nmetadata: {name: reviews, namespace: shop}\n---\nkind: VirtualService\nmetadata: {name: reviews, namespace: shop}",
    fixed:
      "kind: VirtualService\nmetadata: {name: reviews, namespace: shop}\n---\nkind: VirtualService\nmetadata: {name: reviews-canary, namespace: shop}",
  }),
  Several_istio_ConfigMaps: diag(
    1011,
    "error",
    "MeshConfig is given more than once (ConfigMap 'istio' in '{0}' and '{1}').",
    {
      hint: "Keep one 'istio' ConfigMap, in the root namespace.",
      why: "istiod reads one MeshConfig, from the 'istio' ConfigMap in the root namespace.",
      bad: "kind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\n---\nkind: ConfigMap\nmetadata: {name: istio, namespace: other}",
      fixed: "kind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}",
    },
  ),
} as const;
