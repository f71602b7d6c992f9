/** 1200–1299: YAML inputs (syntax, document shape, schema). */
import { diag } from "../diagnostic.ts";

export const yamlMessages = {
  Invalid_YAML_Colon_0: diag(1201, "error", "Invalid YAML: {0}.", {
    why: "The YAML does not parse.",
    bad: "spec:\n  hosts: [reviews",
    fixed: "spec:\n  hosts: [reviews]",
  }),
  Document_is_not_a_resource_Colon_found_0: diag(
    1202,
    "error",
    "A YAML document must be a Kubernetes resource (a mapping with 'apiVersion', 'kind' and 'metadata'), but this one is {0}.",
    {
      why: "Every YAML document must be a Kubernetes object.",
      bad: "- reviews\n- ratings",
      fixed: "apiVersion: v1\nkind: Service\nmetadata: {name: reviews}",
    },
  ),
  Resource_is_missing_required_field_0: diag(1203, "error", "Resource is missing required field '{0}'.", {
    why: "Kubernetes objects need apiVersion, kind and metadata.name.",
    bad: "kind: Service\nmetadata: {name: reviews}",
    fixed: "apiVersion: v1\nkind: Service\nmetadata: {name: reviews}",
  }),
  Field_0_must_be_1_but_found_2: diag(1204, "error", "Field '{0}' must be {1}, but found {2}.", {
    why: "A top-level field has the wrong type.",
    bad: "metadata: reviews",
    fixed: "metadata: {name: reviews}",
  }),
  Kind_0_is_not_served_by_apiVersion_1: diag(1205, "error", "Kind '{0}' is not served by apiVersion '{1}'.", {
    hint: "Use apiVersion {2}.",
    why: "The kind exists, but not in this API group or version.",
    bad: "apiVersion: security.istio.io/v1\nkind: VirtualService",
    fixed: "apiVersion: networking.istio.io/v1\nkind: VirtualService",
  }),
  Kind_0_of_apiVersion_1_is_not_supported: diag(
    1206,
    "warning",
    "Kind '{0}' of apiVersion '{1}' is not supported by meshc; the resource is skipped.",
    {
      why: "meshc skips kinds it does not model, so they are not checked.",
      bad: "apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter",
      fixed: "# keep EnvoyFilters out of the meshc input",
    },
  ),
  Mesh_config_must_be_a_mapping_Colon_found_0: diag(
    1207,
    "error",
    "The MeshConfig in 'data.mesh' must be one YAML mapping, but it is {0}.",
    {
      why: "MeshConfig under data.mesh must be one YAML mapping.",
      bad: 'data:\n  mesh: "- a"',
      fixed: "data:\n  mesh: |\n    trustDomain: cluster.local",
    },
  ),
  Skipped_0_resources_of_other_kinds_Colon_1: diag(
    1209,
    "info",
    "Skipped {0} of kinds that do not configure the mesh (not Istio, Gateway API or registry kinds): {1}.",
    {
      why: "Manifests rendered by Helm or Kustomize hold Secrets, StatefulSets and other projects' CRDs; they are skipped in one line.",
      bad: "kind: Secret   # in helm template's output",
      fixed: "# nothing to fix: meshc reads the mesh's kinds and skips the rest",
    },
  ),
  Plain_scalar_0_is_a_boolean_in_Kubernetes: diag(
    1208,
    "warning",
    "Unquoted '{0}' is read as the string '{0}' here but as a boolean by Kubernetes, which parses YAML 1.1.",
    {
      hint: 'Quote it ("{0}") to keep a string, or write true or false.',
      why: "Kubernetes parses YAML 1.1, where yes/no/on/off are booleans.",
      bad: "labels: {enabled: yes}",
      fixed: 'labels: {enabled: "yes"}',
    },
  ),
} as const;
