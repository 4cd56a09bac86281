import type { Response } from "express";
import type { RouteFile } from "./route.js";

/**
 * Sends a route's file as a download: its type and length, and its name
 * twice, in ASCII for old clients and in UTF-8 (RFC 5987 / RFC 6266
 * `filename*`) for the French name the user sees.
 */
export function sendFile(res: Response, file: RouteFile): void {
  res.status(200);
  res.set("Content-Type", file.contentType);
  res.set("Content-Length", String(file.data.length));
  res.set("Content-Disposition", contentDisposition(file.filename, file.asciiFilename));
  res.end(file.data);
}

/** `attachment; filename="…"; filename*=UTF-8''…`. */
export function contentDisposition(filename: string, asciiFilename: string): string {
  const ascii = asciiFilename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

/** Percent-encodes all but RFC 5987's attr-chars. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}
