/**
 * `meshc serve`: an xDS control plane (ADS, state of the world, v3) serving each connecting node the configuration
 * meshc compiles for its workload. With `watch`, inputs are recompiled when they change and every stream is pushed
 * only the resource types whose content changed for its node; an edit that does not compile keeps the last good
 * configuration served and reports its diagnostics.
 */
import { statSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Compilation } from "../pipeline.ts";
import type { MeshIR } from "../ir/ir.ts";
import { startAdsServer, type AdsStats } from "./ads-server.ts";
import { Snapshot } from "./resources.ts";
import { watchInputs, type InputWatcher } from "./watch.ts";
import { logField } from "./log-field.ts";

// For the CLI and tests.
export { ADS_METHOD_PATH, ADS_SERVICE, startAdsServer, type AdsServer, type AdsStats } from "./ads-server.ts";
export { parseIstioNodeId, workloadForNode, type NodeMatch } from "./node-id.ts";
export { Snapshot, type Answered, type Subscription } from "./resources.ts";
export { AdsStream, contentVersion, subscriptionOf, type StreamEvent } from "./stream.ts";
export { TYPE_URL, xdsTypeOf, type XdsType } from "./xds-types.ts";
export { watchInputs, type InputWatcher } from "./watch.ts";

export interface ServeOptions {
  readonly inputs: readonly string[];
  readonly host: string;
  readonly port: number;
  readonly watch: boolean;
  /** Serve a recompiled mesh that declares nothing; by default such an edit is refused like one that does not compile. */
  readonly allowEmpty?: boolean;
  /** Compiles the inputs (the pipeline's `compile`; injectable for tests). */
  readonly compile: (inputs: readonly string[]) => Compilation;
  /** One line of the control plane's log (no trailing newline). */
  readonly log: (line: string) => void;
  /** Prints a compilation's diagnostics (the CLI renders them in tsc's shape). */
  readonly report: (c: Compilation) => void;
  readonly debounceMs?: number;
  /** Called after each recompile triggered by the watcher. */
  readonly onReload?: (ok: boolean) => void;
}

export interface ServeSession {
  readonly port: number;
  readonly stats: AdsStats;
  /** Recompiles now; true when the new configuration is served, false when the last good one is kept. */
  reload(): boolean;
  close(): Promise<void>;
}

/** A mesh with nothing in it: serving it would take every cluster and listener from every proxy. */
function isEmptyMesh(ir: MeshIR): boolean {
  return ir.workloads.length === 0 && ir.services.length === 0 && ir.resources.length === 0;
}

/** Size and modification time of each file, as one string to compare. */
function stamps(files: readonly string[]): string {
  return files
    .map((f) => {
      const st = statSync(f, { throwIfNoEntry: false });
      return st === undefined ? "-" : `${st.size}:${st.mtimeMs}`;
    })
    .join(",");
}

const STDLIB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../stdlib") + sep;

/** The user's files a compilation read (the inputs and the modules a mesh.ts imports), not meshc's stdlib. */
export function watchedFiles(c: Compilation): string[] {
  const files = new Set(
    c.inputs.filter((i) => statSync(i, { throwIfNoEntry: false })?.isFile() === true).map((i) => resolve(i)),
  );
  for (const f of c.sources.keys()) {
    const abs = resolve(f);
    if (
      !abs.startsWith(STDLIB_DIR) &&
      !abs.includes(`${sep}node_modules${sep}`) &&
      statSync(abs, { throwIfNoEntry: false })?.isFile()
    )
      files.add(abs);
  }
  return [...files].sort();
}

/** Starts serving `ir` (the first, successful compilation `initial`); resolves once the port is bound. */
export async function startServe(initial: Compilation & { ir: MeshIR }, options: ServeOptions): Promise<ServeSession> {
  /** A snapshot with its emission done up front, internal errors logged (they are meshc bugs, not the user's). */
  const snapshotOf = (ir: MeshIR): Snapshot => {
    const s = new Snapshot(ir);
    for (const d of s.internalErrors()) options.log(`internal error MESH${d.code}: ${d.message}`);
    return s;
  };
  const server = await startAdsServer(snapshotOf(initial.ir), {
    host: options.host,
    port: options.port,
    log: options.log,
  });
  let watcher: InputWatcher | undefined;
  let watched = watchedFiles(initial);
  /**
   * Recompiles and, when the result compiles and is not empty, serves it. Never throws: an exception (a meshc bug)
   * is logged and the last good configuration stays served. Files that changed while compiling (their size or
   * modification time differs from before the compile) trigger another recompile, so the latest content wins even
   * when a save lands mid-compile, when its watch event may be lost with the watcher being replaced.
   */
  const reload = (): boolean => {
    const before = stamps(watched);
    let ok = false;
    try {
      ok = recompile();
    } catch (e) {
      options.log(
        `internal error while recompiling: ${logField(e instanceof Error ? e.message : String(e))}; still serving the last good configuration`,
      );
    }
    if (watcher !== undefined && stamps(watched) !== before) watcher.trigger();
    return ok;
  };
  const recompile = (): boolean => {
    const c = options.compile(options.inputs);
    options.report(c);
    const files = watchedFiles(c);
    if (files.join("\0") !== watched.join("\0")) watcher?.setFiles(files);
    watched = files;
    if (c.ir === undefined) {
      options.log("the inputs do not compile; still serving the last good configuration");
      return false;
    }
    if (isEmptyMesh(c.ir) && options.allowEmpty !== true) {
      options.log(
        "the inputs declare nothing; still serving the last good configuration (--allow-empty serves an empty mesh)",
      );
      return false;
    }
    server.update(snapshotOf(c.ir));
    options.log(`recompiled: ${c.ir.workloads.length} workload(s); pushed what changed`);
    return true;
  };
  if (options.watch) {
    const dirs = options.inputs.filter((i) => statSync(i, { throwIfNoEntry: false })?.isDirectory() === true);
    options.log(`watching ${[...watched, ...dirs].join(", ")}`);
    watcher = watchInputs(
      watched,
      dirs,
      () => {
        const ok = reload(); // not inside `onReload?.(…)`: optional chaining would skip evaluating the argument
        options.onReload?.(ok);
      },
      options.debounceMs,
    );
  }
  return {
    port: server.port,
    stats: server.stats,
    reload,
    async close() {
      watcher?.close();
      await server.shutdown();
    },
  };
}
