// The worker of transpile-worker.ts: transpiles the files it is given with the same `transpileText` the main thread
// uses, posts the outputs (or the error) on the port, then wakes the waiting main thread. Plain JavaScript because a
// worker starts without the TypeScript loader the main thread may have registered; it registers tsx itself.
import { workerData } from "node:worker_threads";

const { files, port, done } = workerData;
let message;
try {
  const { register } = await import("tsx/esm/api");
  register();
  const { transpileText } = await import(new URL("./transpile.ts", import.meta.url).href);
  message = { ok: true, outputs: files.map((f) => transpileText(f.fileName, f.text)) };
} catch (error) {
  message = { ok: false, error: String(error) };
}
port.postMessage(message);
Atomics.store(done, 0, 1);
Atomics.notify(done, 0);
