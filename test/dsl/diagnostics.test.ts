/** mesh.ts that does not type-check or throws while running: coded diagnostics at the right place, no documents. */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { loadVirtual, where } from "./_support.ts";

const typeErrors = suite("type errors");

typeErrors("an undeclared subset is TS2345 at the argument, and nothing runs", () => {
  // GIVEN a mesh that routes to a subset reviews does not declare
  const mesh = [
    `import { routes, service } from "meshc";`,
    `const reviews = service("reviews", { ports: [{ name: "http", port: 9080 }], versions: { v1: {}, v2: {} } });`,
    `routes(reviews, { http: [{ route: [{ destination: reviews.subset("v4") }] }] });`,
  ].join("\n");
  // WHEN it is loaded
  const result = loadVirtual({ "mesh.ts": mesh });
  // THEN tsc's diagnostic is reported with its code, text and position, and no documents are produced
  assert.equal(
    result.diagnostics.map((d) => ({
      code: d.code,
      origin: d.origin,
      severity: d.severity,
      message: d.message,
      at: where(d.span, { "mesh.ts": mesh }),
    })),
    [
      {
        code: 2345,
        origin: "ts",
        severity: "error",
        message: `Argument of type '"v4"' is not assignable to parameter of type '"v1" | "v2"'.`,
        at: "mesh.ts:3:66",
      },
    ],
  );
  assert.equal(result.value.documents, []);
  assert.equal(result.value.sourceFiles, [{ fileName: "mesh.ts", text: mesh }]);
});

typeErrors("errors in an imported user file are reported in that file", () => {
  const lib = `export const timeout = 2;\n`;
  const mesh = [
    `import { routes, service } from "meshc";`,
    `import { timeout } from "./lib.ts";`,
    `const web = service("web", { ports: [{ name: "http", port: 80 }] });`,
    `routes(web, { http: [{ route: [{ destination: web }], timeout }] });`,
  ].join("\n");
  const result = loadVirtual({ "mesh.ts": mesh, "lib.ts": lib });
  assert.equal(
    result.diagnostics.map((d) => ({ code: d.code, at: where(d.span, { "mesh.ts": mesh }) })),
    [{ code: 2322, at: "mesh.ts:4:55" }],
  );
  assert.equal(result.value.documents, []);
});

typeErrors("a syntax error is reported with tsc's code", () => {
  const mesh = `import { service } from "meshc";\nservice("x", { ports: [ };\n`;
  const result = loadVirtual({ "mesh.ts": mesh });
  assert.equal(
    result.diagnostics.map((d) => ({ code: d.code, message: d.message, at: where(d.span, { "mesh.ts": mesh }) })),
    [
      { code: 1137, message: "Expression or comma expected.", at: "mesh.ts:2:25" },
      { code: 1005, message: "')' expected.", at: "mesh.ts:2:26" },
    ],
  );
});

typeErrors.run();

const throwing = suite("errors thrown while running");

throwing("a throw at the top level is MESH1101 at the throwing expression", () => {
  const mesh = [
    `import { service } from "meshc";`,
    `service("web", { ports: [{ name: "http", port: 80 }] });`,
    `if (service.length >= 0) throw new Error("no inventory configured");`,
  ].join("\n");
  const result = loadVirtual({ "mesh.ts": mesh });
  assert.equal(
    result.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      at: where(d.span, { "mesh.ts": mesh }),
    })),
    [
      {
        code: 1101,
        severity: "error",
        message: "An error was thrown while running the mesh: 'no inventory configured'.",
        at: "mesh.ts:3:32",
      },
    ],
  );
  assert.equal(result.value.documents, []);
});

throwing("a throw inside an imported helper points at the helper's line", () => {
  const lib = [
    `export function portOf(name: string): number {`,
    `  throw new RangeError("unknown port " + name);`,
    `}`,
  ].join("\n");
  const mesh = [
    `import { service } from "meshc";`,
    `import { portOf } from "./lib.ts";`,
    `service("web", { ports: [{ name: "http", port: portOf("http") }] });`,
  ].join("\n");
  const result = loadVirtual({ "mesh.ts": mesh, "lib.ts": lib });
  assert.equal(
    result.diagnostics.map((d) => ({ code: d.code, message: d.message, at: where(d.span, { "lib.ts": lib }) })),
    [{ code: 1101, message: "An error was thrown while running the mesh: 'unknown port http'.", at: "lib.ts:2:9" }],
  );
});

throwing("a mesh that declares nothing gets a warning", () => {
  const result = loadVirtual({ "mesh.ts": `export const nothing = 1;\n` });
  assert.equal(
    result.diagnostics.map((d) => ({ code: d.code, severity: d.severity, span: d.span })),
    [{ code: 1105, severity: "warning", span: { file: "mesh.ts", start: 0, length: 0 } }],
  );
});

throwing("mesh settings declared twice are MESH1104 at the second call, related to the first", () => {
  const mesh = [
    `import { meshConfig } from "meshc";`,
    `meshConfig({ trustDomain: "a.local" });`,
    `meshConfig({ trustDomain: "b.local" });`,
  ].join("\n");
  const texts = { "mesh.ts": mesh };
  const result = loadVirtual({ "mesh.ts": mesh });
  assert.equal(
    result.diagnostics.map((d) => ({
      code: d.code,
      at: where(d.span, texts),
      related: d.related?.map((r) => where(r.span, texts)),
    })),
    [{ code: 1104, at: "mesh.ts:3:1", related: ["mesh.ts:2:1"] }],
  );
});

throwing.run();
