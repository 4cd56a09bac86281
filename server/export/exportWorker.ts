import { parentPort } from "node:worker_threads";
import type { CharterExportModel } from "./model.js";
import type { ReportModel } from "../domain/followup/reportModel.js";

/** A request to the export worker, and its answer. */
export type ExportJob =
  | { id: number; format: "pdf" | "docx"; model: CharterExportModel }
  | { id: number; format: "report.pdf" | "report.xlsx"; model: ReportModel };
export type ExportAnswer = { id: number; data: Uint8Array } | { id: number; error: string };

/*
 * The worker thread that lays out exports (see `exportRenderer.ts`): a long
 * charter's PDF takes the CPU for a while, which the server's own thread
 * needs for the collaboration of everyone else. Each renderer (and the
 * library it needs: pdfkit, docx, exceljs) is loaded on its first job.
 */
parentPort?.on("message", async (job: ExportJob) => {
  let answer: ExportAnswer;
  try {
    answer = { id: job.id, data: await render(job) };
  } catch (err) {
    answer = { id: job.id, error: (err as Error).stack ?? String(err) };
  }
  parentPort!.postMessage(answer);
});

async function render(job: ExportJob): Promise<Uint8Array> {
  switch (job.format) {
    case "pdf": return (await import("./pdf/renderCharterPdf.js")).renderCharterPdf(job.model);
    case "docx": return (await import("./docx/renderCharterDocx.js")).renderCharterDocx(job.model);
    case "report.pdf": return (await import("./report/renderReportPdf.js")).renderReportPdf(job.model);
    case "report.xlsx": return (await import("./report/renderReportXlsx.js")).renderReportXlsx(job.model);
  }
}
