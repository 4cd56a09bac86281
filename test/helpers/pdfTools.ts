import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One signature as poppler's `pdfsig` reports it (its exit code is 0 even on a mismatch: its text is what counts). */
export interface PdfsigSignature {
  valid: boolean;
  validation: string;
  totalDocumentSigned: boolean;
  type: string;
}

/** Runs `pdfsig` on a PDF and parses what it says of each signature. */
export function pdfsig(pdf: Buffer): PdfsigSignature[] {
  return withFile(pdf, (file) => {
    let out: string;
    try {
      out = execFileSync("/usr/bin/pdfsig", [file], { encoding: "utf8" });
    } catch (err) {
      out = String((err as { stdout?: string }).stdout ?? "");
    }
    return out.split(/^Signature #\d+:$/m).slice(1).map((block) => ({
      validation: /Signature Validation: (.*)$/m.exec(block)?.[1] ?? "",
      valid: /Signature Validation: Signature is Valid\./.test(block),
      totalDocumentSigned: /^\s*- Total document signed$/m.test(block),
      type: /Signature Type: (.*)$/m.exec(block)?.[1] ?? "",
    }));
  });
}

/** The text of a PDF, as `pdftotext` extracts it. */
export function pdftotext(pdf: Buffer): string {
  return withFile(pdf, (file) => execFileSync("/usr/bin/pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
}

function withFile<T>(pdf: Buffer, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "charte-pdf-"));
  try {
    const file = join(dir, "file.pdf");
    writeFileSync(file, pdf);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
