import type { Request } from "express";
import { HttpError, tooLarge } from "./errors.js";

/** Reads a request body that is not JSON (a CSV file) as bytes, refusing more than `limit` (413). */
export function readRawBody(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => { if (!failed) resolve(Buffer.concat(chunks)); });
    req.on("error", () => { if (!failed) reject(new HttpError(400, "bad_request", "Requête interrompue.")); });
  });
}
