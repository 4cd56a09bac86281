import PDFDocument from "pdfkit";
import { registerPdfFonts } from "../pdf/pdfFonts.js";
import { PDF_STYLE } from "../pdf/pdfWriter.js";
import { frenchDateTime } from "../model.js";
import type { DrawnSignature } from "../../domain/signing/signatureImage.js";

/** What one signer's block shows. */
export interface SignerBlock {
  signerName: string;
  capacity: string;
  /** The reference of the delegation act, when signing « par délégation ». */
  delegation: string | null;
  organisationName: string;
  /** ISO 8601. */
  signedAt: string;
  mode: "drawn" | "typed";
  image: DrawnSignature | null;
  typedName: string | null;
}

/**
 * A signer's block, as a one-page PDF exactly the size of its box: it becomes
 * the appearance of that organisation's annotation in the signed PDF. The
 * drawn signature is redrawn from its strokes as vector paths; a typed one
 * is set in an italic serif, the nearest to a hand that the embedded fonts have.
 */
export function renderSignerBlock(block: SignerBlock, width: number, height: number): Promise<Buffer> {
  return renderBox(width, height, (doc) => {
    doc.roundedRect(0.5, 0.5, width - 1, height - 1, 3).fillAndStroke("#ffffff", PDF_STYLE.accent);
    const pad = 7;
    const inner = width - 2 * pad;
    doc.fillColor(PDF_STYLE.text).font("sansBold").fontSize(8.5).text(block.signerName, pad, pad, { width: inner, height: 11, ellipsis: true, lineBreak: false });
    doc.font("sans").fontSize(7.5).fillColor(PDF_STYLE.muted);
    const capacity = block.delegation ? `${block.capacity}, par délégation (${block.delegation})` : block.capacity;
    doc.text(capacity, pad, pad + 12, { width: inner, height: 18, ellipsis: true });
    const markTop = pad + 31;
    const markHeight = height - markTop - 24;
    if (block.mode == "drawn" && block.image) drawStrokes(doc, block.image, pad, markTop, inner, markHeight);
    else doc.font("serifItalic").fontSize(16).fillColor("#10105a").text(block.typedName ?? block.signerName, pad, markTop + (markHeight - 18) / 2, { width: inner, height: markHeight, ellipsis: true, lineBreak: false });
    doc.font("sansBold").fontSize(7).fillColor(PDF_STYLE.accent).text(`Signé électroniquement le ${frenchDateTime(block.signedAt)}`, pad, height - pad - 9, { width: inner, lineBreak: false, ellipsis: true });
  });
}

/** The block of an organisation that has not signed yet. */
export function renderPendingBlock(width: number, height: number): Promise<Buffer> {
  return renderBox(width, height, (doc) => {
    doc.font("sansOblique").fontSize(8.5).fillColor(PDF_STYLE.muted).text("En attente de signature", 0, height / 2 - 5, { width, align: "center", lineBreak: false });
  });
}

function drawStrokes(doc: PDFKit.PDFDocument, image: DrawnSignature, x: number, y: number, width: number, height: number): void {
  const scale = Math.min(width / image.width, height / image.height);
  const offsetX = x + (width - image.width * scale) / 2;
  const offsetY = y + (height - image.height * scale) / 2;
  doc.save().lineWidth(1.1).lineCap("round").lineJoin("round").strokeColor("#10105a");
  for (const stroke of image.strokes) {
    const points = stroke.length == 1 ? [stroke[0], [stroke[0][0] + 0.5, stroke[0][1]] as [number, number]] : stroke;
    doc.moveTo(offsetX + points[0][0] * scale, offsetY + points[0][1] * scale);
    for (const [px, py] of points.slice(1)) doc.lineTo(offsetX + px * scale, offsetY + py * scale);
    doc.stroke();
  }
  doc.restore();
}

function renderBox(width: number, height: number, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: [width, height], margin: 0, autoFirstPage: true, compress: true });
  registerPdfFonts(doc);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  draw(doc);
  doc.end();
  return done;
}
