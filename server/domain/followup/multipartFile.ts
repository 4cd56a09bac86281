import type busboy from "busboy";
import type { Request } from "express";
import { badRequest, HttpError } from "../../http/errors.js";
import { frenchFileSize } from "../../shared/fileSizes.js";

/** One file read from a multipart upload, with the form's text fields. */
export interface UploadedFile {
  filename: string;
  data: Buffer;
  fields: Record<string, string>;
}

/**
 * Reads the one file of a `multipart/form-data` request (field `file`),
 * holding at most `maxBytes`: a larger file is refused whole (413), as is a
 * request with no file or an empty one (400). Nothing is kept on disk.
 */
export async function readMultipartFile(req: Request, maxBytes: number): Promise<UploadedFile> {
  // Loaded by the first upload, not with the server.
  const { default: busboy } = await import("busboy");
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 2000 }, defParamCharset: "utf8" });
    } catch {
      reject(badRequest("invalid_upload", "Envoi de fichier invalide : utilisez un formulaire « multipart/form-data »."));
      return;
    }
    const fields: Record<string, string> = {};
    let file: { filename: string; chunks: Buffer[]; size: number } | null = null;
    let failure: HttpError | null = null;
    parser.on("field", (name, value) => { fields[name] = value; });
    parser.on("file", (name, stream, info) => {
      if (name != "file" || file) {
        stream.resume();
        return;
      }
      const current = { filename: info.filename || "fichier", chunks: [] as Buffer[], size: 0 };
      file = current;
      stream.on("data", (chunk: Buffer) => { current.chunks.push(chunk); current.size += chunk.length; });
      stream.on("limit", () => {
        failure = new HttpError(413, "file_too_large", `Fichier trop volumineux : ${frenchFileSize(maxBytes)} au plus.`);
      });
    });
    parser.on("error", () => reject(badRequest("invalid_upload", "Envoi de fichier invalide ou interrompu.")));
    parser.on("close", () => {
      if (failure) return reject(failure);
      const f = file as { filename: string; chunks: Buffer[]; size: number } | null;
      if (!f) return reject(badRequest("no_file", "Aucun fichier reçu : joignez le fichier dans le champ « file ».", "file"));
      if (f.size == 0) return reject(badRequest("empty_file", "Le fichier est vide.", "file"));
      resolve({ filename: f.filename, data: Buffer.concat(f.chunks), fields });
    });
    // A client gone half-way ends nothing in the parser (a pipe does not pass errors on): said here, so the upload lets go at once.
    req.on("error", () => reject(badRequest("invalid_upload", "Envoi de fichier interrompu.")));
    req.on("close", () => { if (!req.complete) reject(badRequest("invalid_upload", "Envoi de fichier interrompu.")); });
    req.pipe(parser);
  });
}
