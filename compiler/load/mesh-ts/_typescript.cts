/**
 * TypeScript's compiler API, required from CommonJS. Imported from an ES module, Node would scan the 9 MB
 * `typescript.js` with cjs-module-lexer for named exports before running it, which cost most of a second of every
 * `check` start-up (`node --cpu-prof`, bench/README.md); `module.exports = ts` here is not a re-export, so Node scans
 * only this file. The mesh.ts front end imports `ts` from here, never from "typescript" directly.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the point of this file: a CommonJS require
import ts = require("typescript");
export = ts;
