import { parentPort } from "node:worker_threads";
import type { CharterExportModel } from "./model.js";
import { renderCharterPdf } from "./pdf/renderCharterPdf.js";
import { renderCharterDocx } from "./docx/renderCharterDocx.js";

/** A request to the export worker, and its answer. */
export interface ExportJob {
  id: number;
  format: "pdf" | "docx";
  model: CharterExportModel;
}
export type ExportAnswer = { id: number; data: Uint8Array } | { id: number; error: string };

/*
 * The worker thread that lays out exports (see `exportRenderer.ts`): a long
 * charter's PDF takes the CPU for a while, which the server's own thread
 * needs for the collaboration of everyone else.
 */
parentPort?.on("message", async (job: ExportJob) => {
  let answer: ExportAnswer;
  try {
    answer = { id: job.id, data: job.format == "pdf" ? await renderCharterPdf(job.model) : await renderCharterDocx(job.model) };
  } catch (err) {
    answer = { id: job.id, error: (err as Error).stack ?? String(err) };
  }
  parentPort!.postMessage(answer);
});
