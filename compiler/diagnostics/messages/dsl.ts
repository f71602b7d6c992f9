/** 1100–1199: the mesh.ts DSL (values recorded by stdlib, lowered to documents). */
import { diag } from "../diagnostic.ts";

export const dslMessages = {
  An_error_was_thrown_while_running_the_mesh_Colon_0: diag(
    1101,
    "error",
    "An error was thrown while running the mesh: '{0}'.",
    "The position is that of the mesh.ts line that threw.",
  ),
  Unknown_DSL_value_kind_0: diag(
    1102,
    "warning",
    "A declaration of unknown kind '{0}' was skipped.",
    "mesh.ts may be using a newer 'meshc' than this compiler.",
  ),
  Port_0_is_not_declared_for_service_1: diag(1103, "error", "Port '{0}' is not declared for service '{1}'."),
  Mesh_settings_are_declared_more_than_once: diag(
    1104,
    "error",
    "Mesh settings are declared more than once.",
    "Merge the meshConfig() calls into one.",
  ),
  The_mesh_declares_nothing: diag(
    1105,
    "warning",
    "The mesh declares nothing.",
    "Call the 'meshc' functions (service, routes, ...) when mesh.ts runs, for example at its top level.",
  ),
} as const;
