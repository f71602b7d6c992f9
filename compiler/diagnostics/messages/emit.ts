/** 3000–3999: emitting output. */
import { diag } from "../diagnostic.ts";

export const emitMessages = {
  Envoy_resource_0_violates_1_at_2_Colon_3: diag(
    3001,
    "error",
    "Internal error: the generated {0} breaks Envoy's validation rule '{1}' at '{2}': {3}.",
    "Envoy would reject this configuration. This is a bug in meshc; please report it with the input.",
  ),
} as const;
