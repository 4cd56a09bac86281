import type { CharterExportModel } from "./model.js";

/**
 * The names of an exported file: the French one the user sees (the title and
 * the version, « Charte … — version 3.pdf ») and its ASCII slug for clients
 * that cannot read a UTF-8 name (`charte-…-version-3.pdf`).
 */
export function exportFilenames(model: CharterExportModel, extension: "pdf" | "docx"): { filename: string; asciiFilename: string } {
  const which = model.version.number == null ? "projet en cours" : `version ${model.version.number}`;
  const title = model.title.replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]+/gu, " ").replace(/\s+/g, " ").trim().slice(0, 150) || "Charte";
  return { filename: `${title} — ${which}.${extension}`, asciiFilename: `${slug(title).slice(0, 80).replace(/-+$/, "") || "charte"}-${slug(which)}.${extension}` };
}

/** Lowercase ASCII words joined by hyphens: accents dropped, œ and æ spelt out. */
export function slug(text: string): string {
  return text
    .replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/æ/g, "ae").replace(/Æ/g, "AE")
    .normalize("NFD").replace(/\p{M}/gu, "")
    .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
