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
} as const;
