// A worker thread when the server runs from its TypeScript sources (tsx: tests, development):
// the main thread's loader hooks do not reach a worker, so it registers tsx before loading the
// worker's own module (`workerData.entry`). Compiled, workers start their .js file directly.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
