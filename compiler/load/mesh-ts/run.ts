/**
 * Running mesh.ts in memory: a small CommonJS module system over the transpiled user files. `meshc` resolves to
 * the stdlib module this compiler has loaded (so values carry brands the lowering recognises), relative imports to
 * other user files, and any other bare specifier to Node's resolution from the importing file. A fresh collector is
 * installed on `globalThis[Symbol.for("meshc.collector")]` for the run and the previous value restored afterwards.
 */
import vm from "node:vm";
import path from "node:path";
import { createRequire } from "node:module";
import * as stdlib from "../../../stdlib/index.ts";
import type { DslValue } from "../../../stdlib/index.ts";
import { stdlibDir } from "./program.ts";
import type { Transpiled } from "./transpile.ts";

/** A V8 stack frame, as far as we read it. */
interface Frame {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

/** The outcome of running: what was declared, or what was thrown and where. */
export type RunOutcome =
  | { readonly ok: true; readonly declarations: readonly DslValue[] }
  | {
      readonly ok: false;
      readonly declarations: readonly DslValue[];
      readonly message: string;
      /** The innermost frame in a user file, generated positions. */
      readonly frame: { readonly file: string; readonly line: number; readonly column: number } | undefined;
    };

const candidates = (base: string): string[] => [
  base,
  base.replace(/\.(m|c)?js$/, ".ts"),
  `${base}.ts`,
  `${base}.tsx`,
  path.posix.join(base, "index.ts"),
];

/** The user-file frames of a thrown error (V8 structured stack trace API, https://v8.dev/docs/stack-trace-api). */
function framesOf(error: unknown): Frame[] {
  if (typeof error !== "object" || error === null) return [];
  const E = Error as unknown as { prepareStackTrace?: (e: unknown, frames: Frame[]) => unknown };
  const previous = E.prepareStackTrace;
  try {
    E.prepareStackTrace = (_e, frames) => frames;
    const stack = (error as { stack?: unknown }).stack;
    return Array.isArray(stack) ? (stack as Frame[]) : [];
  } finally {
    E.prepareStackTrace = previous;
  }
}

function messageOf(error: unknown): string {
  // User code may throw anything: an object without a prototype (no toString), a Proxy whose traps throw, a getter
  // that throws. None of it may crash the compiler.
  try {
    const message = typeof error === "object" && error !== null && "message" in error ? error.message : error;
    const text = typeof message === "string" ? message : printable(message);
    return text.length > 1000 ? `${text.slice(0, 1000)}...` : text;
  } catch {
    return Object.prototype.toString.call(error);
  }
}

function printable(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Run `entry` (and what it imports) with a fresh collector; never throws for errors thrown by user code. */
export function runMesh(entry: string, files: ReadonlyMap<string, Transpiled>): RunOutcome {
  const declarations: DslValue[] = [];
  const modules = new Map<string, { exports: unknown }>();

  const load = (file: string): unknown => {
    const cached = modules.get(file);
    if (cached) return cached.exports;
    const t = files.get(file);
    if (t === undefined) return createRequire(file)(file);
    const module = { exports: {} as unknown };
    modules.set(file, module);
    const fn = vm.compileFunction(t.code, ["exports", "require", "module", "__filename", "__dirname"], {
      filename: file,
    });
    fn.call(module.exports, module.exports, requireFrom(file), module, file, path.posix.dirname(file));
    return module.exports;
  };

  const requireFrom =
    (from: string) =>
    (specifier: string): unknown => {
      if (specifier === "meshc") return stdlib;
      if (specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/")) {
        const base = path.posix.resolve(path.posix.dirname(from), specifier);
        if (base.startsWith(stdlibDir)) return stdlib;
        const hit = candidates(base).find((c) => files.has(c));
        return load(hit ?? base);
      }
      return createRequire(from)(specifier);
    };

  const key = Symbol.for("meshc.collector");
  const globals = globalThis as unknown as Record<symbol, unknown>;
  const previous = globals[key];
  const E = Error as unknown as { stackTraceLimit: number };
  const previousLimit = E.stackTraceLimit;
  globals[key] = { declare: (value: DslValue) => void declarations.push(value) };
  E.stackTraceLimit = 100;
  try {
    load(entry);
    return { ok: true, declarations };
  } catch (error) {
    const frame = framesOf(error)
      .map((f) => ({ file: f.getFileName() ?? "", line: f.getLineNumber() ?? 1, column: f.getColumnNumber() ?? 1 }))
      .find((f) => files.has(f.file));
    return { ok: false, declarations, message: messageOf(error), frame };
  } finally {
    globals[key] = previous;
    E.stackTraceLimit = previousLimit;
  }
}
