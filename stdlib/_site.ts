/**
 * Call sites and the collector. Each declaring DSL call captures the V8 stack and keeps the first frame outside
 * stdlib, i.e. the user's call; the loader maps that generated position back to mesh.ts through the source map.
 * Declarations register with the collector the loader installs at `globalThis[Symbol.for("meshc.collector")]`
 * before running mesh.ts. Without a collector (e.g. a plain `tsx mesh.ts`) declarations are simply not recorded.
 */
import type { DslValue, Site } from "./_brand.ts";

export type { Site } from "./_brand.ts";

/** What the loader installs before running mesh.ts. */
export interface Collector {
  declare(value: DslValue): void;
}

/** The global key of the collector. */
export const COLLECTOR_KEY: unique symbol = Symbol.for("meshc.collector") as never;

/** V8's structured stack frame (https://v8.dev/docs/stack-trace-api); typed here so stdlib needs no @types/node. */
interface CallSite {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}
/** Any function (the frames above one are skipped). */
type AnyFunction = (...args: never[]) => unknown;
interface V8ErrorConstructor {
  captureStackTrace(target: object, ctor?: AnyFunction): void;
  prepareStackTrace?: ((error: Error, frames: CallSite[]) => unknown) | undefined;
  stackTraceLimit: number;
}

function frames(skip: AnyFunction): CallSite[] {
  const V8 = Error as unknown as V8ErrorConstructor;
  const previous = V8.prepareStackTrace;
  const previousLimit = V8.stackTraceLimit;
  const holder: { stack?: unknown } = {};
  try {
    V8.prepareStackTrace = (_error, callSites) => callSites;
    V8.stackTraceLimit = 50;
    V8.captureStackTrace(holder, skip);
    return Array.isArray(holder.stack) ? (holder.stack as CallSite[]) : [];
  } finally {
    V8.prepareStackTrace = previous;
    V8.stackTraceLimit = previousLimit;
  }
}

// This file's directory (a path or a file: URL, however the module was loaded), found from V8's own stack so that
// stdlib needs neither `import.meta.url` nor Node's types. Frames in files under it belong to stdlib.
function thisFile(): string {
  return frames(thisFile)[0]?.getFileName() ?? "";
}
const stdlibDir = thisFile().slice(0, thisFile().lastIndexOf("/") + 1);

function insideStdlib(file: string): boolean {
  return (stdlibDir !== "" && file.startsWith(stdlibDir)) || file.startsWith("node:");
}

/** The user's call site: the first stack frame outside stdlib (and outside Node's internals). */
export function captureSite(): Site | undefined {
  for (const frame of frames(captureSite)) {
    const file = frame.getFileName();
    if (!file || insideStdlib(file)) continue;
    return { file, line: frame.getLineNumber() ?? 1, column: frame.getColumnNumber() ?? 1 };
  }
  return undefined;
}

/** Hand a declaration to the loader's collector, if one is installed. Returns the value for chaining. */
export function declare<T extends DslValue>(value: T): T {
  const collector = (globalThis as unknown as Record<symbol, Collector | undefined>)[COLLECTOR_KEY];
  collector?.declare(value);
  return value;
}
