/** 1300–1399: `meshc import` (YAML → mesh.ts). */
import { diag } from "../diagnostic.ts";

export const importMessages = {
  Kept_0_1_verbatim_field_2: diag(
    1301,
    "warning",
    "{0} '{1}' is imported verbatim in raw(): the typed DSL cannot express its field '{2}'.",
    "The resource is kept as written; 'meshc import --strict' makes this an error.",
  ),
  Kept_0_1_verbatim_type_error_2: diag(
    1302,
    "warning",
    "{0} '{1}' is imported verbatim in raw(): its typed form does not type-check ({2}).",
    "The resource is kept as written; 'meshc import --strict' makes this an error.",
  ),
  Imported_mesh_differs_from_input_0: diag(
    1303,
    "error",
    "The imported mesh.ts does not reproduce the input: {0}.",
    "This is a bug in 'meshc import'; please report it with the input.",
  ),
  Kept_0_1_verbatim_no_typed_call: diag(
    1305,
    "warning",
    "{0} '{1}' is imported verbatim in raw(): no typed call reproduces it.",
    "E.g. a DestinationRule for a host that is not a declared service with one subset per version, or a Pod.",
  ),
  Nothing_to_import: diag(1304, "error", "The inputs hold no resources to import.", "Pass Istio or Kubernetes YAML."),
} as const;
