import { parentPort, workerData } from "node:worker_threads";
import { loadSeal } from "./sealLoader.js";
import type { SealConfig } from "./platformSeal.js";

/** Worker thread of `checkSeal`: loads (or makes) the seal and says what it is, or why it cannot. */
const config = workerData.data as SealConfig;
try {
  const { subject, certificateSha256 } = await loadSeal(config);
  parentPort!.postMessage({ subject, certificateSha256 });
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
}
