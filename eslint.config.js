// typescript-eslint over the whole repository (`npm run lint`, a counted step of `npm test`): the type-checked
// recommended rules plus no-shadow, no-floating-promises and switch-exhaustiveness-check. Generated code and test
// case data are not linted (they are written by generators or read as inputs).
import tseslint from "typescript-eslint";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig(
  globalIgnores([
    "node_modules/",
    "dist/",
    "out/",
    "compiler/emit/envoy/gen/",
    "compiler/check/schema/gen/",
    "compiler/cli/gen/",
    "compiler/scenario/cst.d.ts",
    "golden/",
    "test/cases/",
  ]),
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "no-shadow": "off",
      "@typescript-eslint/no-shadow": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      // A leading underscore marks a binding kept for its position (a parameter, or a property split off by a rest).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // At run time the compiler loads TypeScript through compiler/load/mesh-ts/_typescript.cts (a CommonJS require): an ES
    // module importing "typescript" makes Node scan the 9 MB typescript.js for named exports at every start-up (~0.5 s
    // of `meshc check`, node --cpu-prof; bench/README.md). Type-only imports are erased and allowed.
    files: ["compiler/**/*.ts", "stdlib/**/*.ts"],
    ignores: ["compiler/load/mesh-ts/_typescript.cts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "typescript",
              message: "Import ts from compiler/load/mesh-ts/_typescript.cts (or import type): see its comment.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript (bin/, test/run.js, bench/rss-hook.mjs, ...) is not in tsconfig.json's program: linted without types.
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // dependency-cruiser reads its configuration as CommonJS, so these files load each other with require().
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
