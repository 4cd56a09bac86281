import { Worker } from "node:worker_threads";

/**
 * Starts the worker thread whose module is `entry` (a `.ts` URL next to the
 * caller, e.g. `new URL("./exportWorker.ts", import.meta.url)`): through tsx
 * when the server runs from its sources, else the compiled `.js` beside it.
 * The worker finds `data` as `workerData.data`.
 */
export function startWorker(entry: URL, data?: unknown): Worker {
  if (import.meta.url.endsWith(".ts")) return new Worker(new URL("./workerFromSources.mjs", import.meta.url), { workerData: { entry: entry.href, data } });
  return new Worker(new URL(entry.href.replace(/\.ts$/, ".js")), { workerData: { data } });
}
