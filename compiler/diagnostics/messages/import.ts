/** 1300–1399: `meshc import` (YAML → mesh.ts). */
import { diag } from "../diagnostic.ts";

export const importMessages = {
  Kept_0_1_verbatim_field_2: diag(
    1301,
    "warning",
    "{0} '{1}' is imported verbatim in raw(): the typed DSL cannot express its field '{2}'.",
    {
      hint: "The resource is kept as written; 'meshc import --strict' makes this an error.",
      why: "What the typed DSL cannot say is imported verbatim, so nothing is lost; the typed form gives checked references.",
      bad: "metadata:\n  name: reviews\n  labels: {team: a}   # the DSL's routes() writes no labels",
      fixed: "metadata:\n  name: reviews",
    },
  ),
  Kept_0_1_verbatim_type_error_2: diag(
    1302,
    "warning",
    "{0} '{1}' is imported verbatim in raw(): its typed form does not type-check ({2}).",
    {
      hint: "The resource is kept as written; 'meshc import --strict' makes this an error.",
      why: "The typed form of the resource would not type-check (e.g. a field the DSL's types do not have), so it is kept verbatim.",
      bad: "http:\n- route: [{destination: {host: reviews}}]\n  unknownField: 1",
      fixed: "http:\n- route: [{destination: {host: reviews}}]",
    },
  ),
  Imported_mesh_differs_from_input_0: diag(1303, "error", "The imported mesh.ts does not reproduce the input: {0}.", {
    hint: "This is a bug in 'meshc import'; please report it with the input.",
    why: "meshc import verifies that the mesh.ts it writes builds to the input's resources; a difference is a bug in import.",
    bad: "meshc import cluster/",
    fixed: "meshc import cluster/   # after the fix",
    lang: "shell",
  }),
  Kept_0_1_verbatim_no_typed_call: diag(
    1305,
    "warning",
    "{0} '{1}' is imported verbatim in raw(): no typed call reproduces it.",
    {
      hint: "E.g. a DestinationRule for a host that is not a declared service with one subset per version, or a Pod.",
      why: "Some resources have no typed call (a Pod, a DestinationRule of no declared service); they are kept as written.",
      bad: "kind: Pod\nmetadata: {name: debug, namespace: shop}",
      fixed: "kind: Deployment   # workload() covers Deployments\nmetadata: {name: debug, namespace: shop}",
    },
  ),
  Nothing_to_import: diag(1304, "error", "The inputs hold no resources to import.", {
    hint: "Pass Istio or Kubernetes YAML.",
    why: "There is nothing to import when no input document is a resource meshc reads.",
    bad: "meshc import README.md",
    fixed: "meshc import manifests/",
    lang: "shell",
  }),
  Split_by_0_is_not_supported: diag(
    1306,
    "error",
    "'--split-by {0}' is not supported: meshc import splits by 'namespace'.",
    {
      why: "meshc import can write one file per namespace; no other way of splitting the mesh.ts exists.",
      bad: "meshc import k8s/ -o mesh.ts --split-by team",
      fixed: "meshc import k8s/ -o mesh.ts --split-by namespace",
      lang: "shell",
    },
  ),
  Split_by_needs_out: diag(1307, "error", "'--split-by' needs '--out': the namespace files are written beside it.", {
    why: "Standard output holds one file; a split import is several files, written beside the index '--out' names.",
    bad: "meshc import k8s/ --split-by namespace",
    fixed: "meshc import k8s/ --split-by namespace -o mesh/mesh.ts",
    lang: "shell",
  }),
} as const;
