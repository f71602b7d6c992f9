/** 1100–1199: the mesh.ts DSL (values recorded by stdlib, lowered to documents). */
import { diag } from "../diagnostic.ts";

export const dslMessages = {
  An_error_was_thrown_while_running_the_mesh_Colon_0: diag(
    1101,
    "error",
    "An error was thrown while running the mesh: '{0}'.",
    {
      hint: "The position is that of the mesh.ts line that threw.",
      why: "mesh.ts threw while it ran, so the mesh it declares is incomplete.",
      bad: "const port = service.ports[3].port; // undefined.port",
      fixed: "const port = service.ports[0].port;",
      lang: "ts",
    },
  ),
  Unknown_DSL_value_kind_0: diag(1102, "warning", "A declaration of unknown kind '{0}' was skipped.", {
    hint: "mesh.ts may be using a newer 'meshc' than this compiler.",
    why: "The value was made by a newer meshc than the compiler understands.",
    bad: "routes(web, futureFeature())",
    fixed: "routes(web, { http: [...] })",
    lang: "ts",
  }),
  Port_0_is_not_declared_for_service_1: diag(1103, "error", "Port '{0}' is not declared for service '{1}'.", {
    why: "A destination names a port the service does not declare.",
    bad: 'route: [{ destination: reviews.port("grpc") }]',
    fixed: 'route: [{ destination: reviews.port("http") }]',
    lang: "ts",
  }),
  Mesh_settings_are_declared_more_than_once: diag(1104, "error", "Mesh settings are declared more than once.", {
    related: { first: "Mesh settings are first declared here." },
    hint: "Merge the meshConfig() calls into one.",
    why: "A mesh has one MeshConfig; a second meshConfig() call would silently override parts of the first.",
    bad: 'meshConfig({ trustDomain: "a" });\nmeshConfig({ enableAutoMtls: true });',
    fixed: 'meshConfig({ trustDomain: "a", enableAutoMtls: true });',
    lang: "ts",
  }),
  The_mesh_declares_nothing: diag(1105, "warning", "The mesh declares nothing.", {
    hint: "Call the 'meshc' functions (service, routes, ...) when mesh.ts runs, for example at its top level.",
    why: "A mesh.ts that declares nothing usually forgot to call the DSL at top level.",
    bad: 'export function mesh() { service("web", {...}); }',
    fixed: 'service("web", {...});',
    lang: "ts",
  }),
  Value_given_to_0_is_not_of_its_declared_type_Colon_1: diag(
    1106,
    "error",
    "A value given to '{0}' is not of the type it declares, and lowering it failed: {1}.",
    {
      hint: "Remove the 'as any' (or other type escape) and let tsc check the value.",
      why: "A value that escaped the type system ('as any', plain JavaScript) could not be lowered; tsc would have rejected it.",
      bad: 'service("web", { ports: "80" as any });',
      fixed: 'service("web", { ports: [{ name: "http", port: 80 }] });',
      lang: "ts",
    },
  ),
  Value_at_0_is_not_JSON_data_Colon_found_1: diag(1107, "error", "The value at '{0}' is not JSON data: found {1}.", {
    hint: "mesh.ts values must be strings, finite numbers, booleans, arrays and plain objects, without cycles.",
    why: "Lowered resources must be JSON data, as YAML inputs are: no BigInt, symbols, functions, class instances or cycles.",
    bad: 'service("web", { ports: [{ name: "http", port: 80n as any }] });',
    fixed: 'service("web", { ports: [{ name: "http", port: 80 }] });',
    lang: "ts",
  }),
  Service_0_selects_the_pods_of_1_and_cannot_declare_versions_of_its_own: diag(
    1108,
    "error",
    "Service '{0}' selects the pods of {1} and cannot declare versions of its own.",
    {
      hint: "Declare the versions on the service whose pods they are, and give this service only 'selector'.",
      why: "A service with 'selector' is a Service per version (bookinfo-versions.yaml): it runs no workloads, so versions of its own would be Deployments no selector reaches.",
      bad: 'service("reviews-v1", { ports: http, selector: reviews.version("v1"), versions: { v1: {} } });',
      fixed: 'service("reviews-v1", { ports: http, selector: reviews.version("v1") });',
      lang: "ts",
    },
  ),
  ReferenceGrant_0_in_namespace_1_cannot_grant_access_to_2_in_namespace_3: diag(
    1109,
    "error",
    "ReferenceGrant '{0}' in namespace '{1}' cannot grant access to '{2}' in namespace '{3}'.",
    {
      hint: "Declare the grant in the namespace of what it grants access to (omit 'namespace' and it is taken from 'to').",
      why: "A ReferenceGrant only allows references to resources in its own namespace; a grant elsewhere allows nothing.",
      bad: 'referenceGrant("allow", { namespace: "web", from: [{ kind: "HTTPRoute", namespace: "web" }], to: [api] });',
      fixed: 'referenceGrant("allow", { from: [{ kind: "HTTPRoute", namespace: "web" }], to: [api] });',
      lang: "ts",
    },
  ),
} as const;
