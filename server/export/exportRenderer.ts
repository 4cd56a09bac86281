import type { Worker } from "node:worker_threads";
import { startWorker } from "../startWorker.js";
import type { CharterExportModel } from "./model.js";
import type { ReportModel } from "../domain/followup/reportModel.js";
import type { ExportAnswer, ExportJob } from "./exportWorker.js";

/**
 * Renders exports on a worker thread, so that laying out a long charter
 * (hundreds of milliseconds of CPU for a PDF) never holds up the server's
 * own thread, where every collaborator's edits are relayed. One worker, made
 * on first use and not keeping the process alive; jobs run one after the
 * other in it. If it dies, the jobs in it fail and the next makes a new one.
 */
export class ExportRenderer {
  private worker: Worker | null = null;
  /** The jobs sent, with the worker each is in. */
  private readonly pending = new Map<number, { worker: Worker; resolve(data: Buffer): void; reject(err: Error): void }>();
  private next = 0;

  /** The bytes of the charter's export in `format`, or of a campaign's evaluation report. */
  render(format: "pdf" | "docx", model: CharterExportModel): Promise<Buffer>;
  render(format: "report.pdf" | "report.xlsx", model: ReportModel): Promise<Buffer>;
  render(format: ExportJob["format"], model: CharterExportModel | ReportModel): Promise<Buffer> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      const worker = this.started();
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ id, format, model } as ExportJob);
    });
  }

  /** Stops the worker (jobs under way fail). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(new URL("./exportWorker.ts", import.meta.url));
    worker.unref();
    worker.on("message", (answer: ExportAnswer) => {
      const job = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if ("error" in answer) job?.reject(new Error(`Export failed in the worker: ${answer.error}`));
      else job?.resolve(Buffer.from(answer.data.buffer, answer.data.byteOffset, answer.data.byteLength));
    });
    const fail = (err: Error) => {
      if (this.worker == worker) this.worker = null;
      for (const [id, job] of this.pending) {
        if (job.worker != worker) continue;
        this.pending.delete(id);
        job.reject(err);
      }
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`The export worker stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }
}

/** The server's one export worker, shared by the charter's exports and the evaluation reports. */
export const exportRenderer = new ExportRenderer();
