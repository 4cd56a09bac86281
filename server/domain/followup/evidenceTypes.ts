/**
 * The kinds of evidence file accepted, by the type their content shows (never
 * by their name): PDF, PNG, JPEG and office documents. Office documents are
 * zip files; file-type reads the zip's own content type entry
 * (`[Content_Types].xml` for OOXML, `mimetype` for OpenDocument) to tell a
 * .docx from any zip. Macro-enabled documents are not accepted.
 */
export const EVIDENCE_TYPES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "image PNG",
  "image/jpeg": "image JPEG",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "document Word (.docx)",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "classeur Excel (.xlsx)",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "présentation PowerPoint (.pptx)",
  "application/vnd.oasis.opendocument.text": "texte OpenDocument (.odt)",
  "application/vnd.oasis.opendocument.spreadsheet": "classeur OpenDocument (.ods)",
  "application/vnd.oasis.opendocument.presentation": "présentation OpenDocument (.odp)",
};

/** The accepted content type of `data`, or null. */
export async function evidenceType(data: Buffer): Promise<string | null> {
  // Loaded by the first upload, not with the server.
  const { fileTypeFromBuffer } = await import("file-type");
  const type = await fileTypeFromBuffer(data);
  return type && EVIDENCE_TYPES[type.mime] ? type.mime : null;
}
