/**
 * The check stage: Istio's two validation layers. For the driver: run `validateDocumentSchemas` on the input
 * documents before lowering (the API server's CRD schema check), and `validateMesh` on the lowered IR (the
 * admission webhook and istioctl-analyze reference checks).
 */

// For the driver (cli/, API):
export { validateDocumentSchemas } from "./schema/validate-schemas.ts";
export { validateMesh, RULES } from "./validate/index.ts";
