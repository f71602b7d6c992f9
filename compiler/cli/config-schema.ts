/**
 * The JSON Schema of meshc.config.json (and of the `meshc` key in package.json). Compiled ahead of time into
 * `gen/config-validator.js` by `npm run gen:validators`.
 */
export const CONFIG_SCHEMA = {
  $id: "meshc.config",
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    inputs: { type: "array", items: { type: "string", minLength: 1 } },
    out: { type: "string", minLength: 1 },
    suppress: { type: "array", items: { type: "string" } },
    failureThreshold: { enum: ["error", "warning", "info"] },
    istiod: {
      type: "object",
      additionalProperties: false,
      properties: {
        // istiod's environment (Helm `pilot.env`): the feature flags meshc models (compiler/ir/istiod-features.ts).
        env: { type: "object", additionalProperties: { type: ["string", "boolean"] } },
      },
    },
  },
} as const;
