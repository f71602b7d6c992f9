/** 3000–3999: emitting output. */
import { diag } from "../diagnostic.ts";

export const emitMessages = {
  Envoy_resource_0_violates_1_at_2_Colon_3: diag(
    3001,
    "error",
    "Internal error: the generated {0} breaks Envoy's validation rule '{1}' at '{2}': {3}.",
    {
      hint: "Envoy would reject this configuration. This is a bug in meshc; please report it with the input.",
      why: "Every Envoy resource meshc emits is checked against the protoc-gen-validate rules Envoy enforces when it loads config; a violation means meshc generated config Envoy would reject, which is a meshc bug, so the build fails instead of shipping it.",
      bad: "meshc build mesh.ts --target envoy   # reports: the generated Listener 'virtualInbound' breaks Envoy's validation rule ...",
      fixed: "# Report the input to the meshc maintainers; no change to mesh.ts should be needed.",
      lang: "shell",
    },
  ),
} as const;
