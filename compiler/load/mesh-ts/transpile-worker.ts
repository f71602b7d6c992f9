/**
 * Transpiling large mesh.ts files on a second thread while the main thread type-checks them. Type-checking is most
 * of a build and is single-threaded; transpiling (TypeScript's printer with a source map) is the next largest part
 * of loading (~2 s for a 1 MB mesh.ts), needs only the text, and gives the same output on any thread
 * (`transpileText` is pure), so running it alongside takes it off the build's wall time on a machine with a free
 * core. Small inputs are transpiled in place: starting a worker (and loading TypeScript in it) costs more than it saves.
 *
 * The result is collected synchronously (`Atomics.wait` + `receiveMessageOnPort`, the loader's API is synchronous);
 * whatever goes wrong in the worker (it cannot load, it throws, it does not answer) falls back to transpiling here.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type ts from "typescript";
import { transpile, transpiled, type TranspileOutput, type Transpiled } from "./transpile.ts";

/** Total size of user files from which a worker pays off (a generated mesh of ~200 services). */
export const WORKER_THRESHOLD_CHARS = 256 * 1024;
/** How long to wait for the worker before transpiling here instead. */
const TIMEOUT_MS = 180_000;

/** What the worker posts (`transpile-worker-entry.mjs`). */
type WorkerMessage =
  | { readonly ok: true; readonly outputs: readonly TranspileOutput[] }
  | { readonly ok: false; readonly error: string };

/** Transpiles collected later: `collect()` gives every file's `Transpiled`; `cancel()` drops the work. */
export interface PendingTranspile {
  collect(): Map<string, Transpiled>;
  cancel(): void;
}

function inPlace(files: readonly ts.SourceFile[]): PendingTranspile {
  return { collect: () => new Map(files.map((f) => [f.fileName, transpile(f)] as const)), cancel: () => undefined };
}

/** Starts transpiling `files` (on a worker when they are large); collect the result after type-checking. */
export function startTranspile(files: readonly ts.SourceFile[]): PendingTranspile {
  const size = files.reduce((n, f) => n + f.text.length, 0);
  if (size < WORKER_THRESHOLD_CHARS) return inPlace(files);
  let worker: Worker;
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  try {
    worker = new Worker(new URL("./transpile-worker-entry.mjs", import.meta.url), {
      workerData: { files: files.map((f) => ({ fileName: f.fileName, text: f.text })), port: port2, done },
      transferList: [port2],
    });
    worker.unref();
  } catch {
    port1.close();
    return inPlace(files);
  }
  const stop = () => {
    port1.close();
    void worker.terminate();
  };
  return {
    collect() {
      Atomics.wait(done, 0, 0, TIMEOUT_MS);
      const message = receiveMessageOnPort(port1)?.message as WorkerMessage | undefined;
      stop();
      if (message?.ok !== true || message.outputs.length !== files.length) return inPlace(files).collect();
      return new Map(files.map((f, i) => [f.fileName, transpiled(f, message.outputs[i]!)] as const));
    },
    cancel: stop,
  };
}
