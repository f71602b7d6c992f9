/** Documentation of the 3xxx codes: emitting output. */
import type { DocTable } from "./_types.ts";

export const emitDocs: DocTable = {
  3001: [
    "Every Envoy resource meshc emits is checked against the protoc-gen-validate rules Envoy enforces when it loads config; a violation means meshc generated config Envoy would reject, which is a meshc bug, so the build fails instead of shipping it.",
    "meshc build mesh.ts --target envoy   # reports: the generated Listener 'virtualInbound' breaks Envoy's validation rule ...",
    "# Report the input to the meshc maintainers; no change to mesh.ts should be needed.",
    "shell",
  ],
};
