/** 1200–1299: YAML inputs (syntax, document shape, schema). */
import { diag } from "../diagnostic.ts";

export const yamlMessages = {
  Invalid_YAML_Colon_0: diag(1201, "error", "Invalid YAML: {0}."),
  Document_is_not_a_resource_Colon_found_0: diag(
    1202,
    "error",
    "A YAML document must be a Kubernetes resource (a mapping with 'apiVersion', 'kind' and 'metadata'), but this one is {0}.",
  ),
  Resource_is_missing_required_field_0: diag(1203, "error", "Resource is missing required field '{0}'."),
  Field_0_must_be_1_but_found_2: diag(1204, "error", "Field '{0}' must be {1}, but found {2}."),
  Kind_0_is_not_served_by_apiVersion_1: diag(
    1205,
    "error",
    "Kind '{0}' is not served by apiVersion '{1}'.",
    "Use apiVersion {2}.",
  ),
  Kind_0_of_apiVersion_1_is_not_supported: diag(
    1206,
    "warning",
    "Kind '{0}' of apiVersion '{1}' is not supported by meshc; the resource is skipped.",
  ),
  Mesh_config_must_be_a_mapping_Colon_found_0: diag(
    1207,
    "error",
    "The MeshConfig in 'data.mesh' must be one YAML mapping, but it is {0}.",
  ),
  Plain_scalar_0_is_a_boolean_in_Kubernetes: diag(
    1208,
    "warning",
    "Unquoted '{0}' is read as the string '{0}' here but as a boolean by Kubernetes, which parses YAML 1.1.",
    'Quote it ("{0}") to keep a string, or write true or false.',
  ),
} as const;
