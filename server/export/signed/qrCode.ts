import QRCode from "qrcode";

/**
 * Draws a QR code of `text` as vector squares (one filled rectangle per dark
 * module, in one path), `size` points wide, its top left corner at (x, y),
 * with the four-module quiet zone the standard asks for inside that size.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const count = modules.size + 8;
  const cell = size / count;
  doc.save().rect(x, y, size, size).fill("#ffffff");
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) doc.rect(x + (col + 4) * cell, y + (row + 4) * cell, cell + 0.01, cell + 0.01);
    }
  }
  doc.fill("#000000").restore();
}
