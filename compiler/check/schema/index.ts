/** Structural validation of input documents against Istio's CRD schemas. For the driver (`pipeline.ts`). */
export { validateDocumentSchemas } from "./validate-schemas.ts";
