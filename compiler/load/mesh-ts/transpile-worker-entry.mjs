// The worker of transpile-worker.ts: transpiles the files it is given with the same `transpileText` the main thread
// uses, posts the outputs (or the error) on the port, then wakes the waiting main thread. Plain JavaScript because a
// worker starts without the TypeScript loader the main thread may have registered: in the built package (dist/,
// where scripts/build.js copies this file) it imports the compiled transpile.js; in a source checkout it registers
// tsx itself and imports transpile.ts.
import { existsSync } from "node:fs";
import { workerData } from "node:worker_threads";

const { files, port, done } = workerData;
let message;
try {
  const compiled = new URL("./transpile.js", import.meta.url);
  let module;
  if (existsSync(compiled)) module = await import(compiled.href);
  else {
    const { register } = await import("tsx/esm/api");
    register();
    module = await import(new URL("./transpile.ts", import.meta.url).href);
  }
  message = { ok: true, outputs: files.map((f) => module.transpileText(f.fileName, f.text)) };
} catch (error) {
  message = { ok: false, error: String(error) };
}
port.postMessage(message);
Atomics.store(done, 0, 1);
Atomics.notify(done, 0);
