// The export worker when the server runs from its TypeScript sources (tsx: tests, development):
// the main thread's loader hooks do not reach a worker, so it registers tsx before loading the
// worker's module. The compiled server starts build/…/exportWorker.js directly.
import { register } from "tsx/esm/api";

register();
await import("./exportWorker.ts");
