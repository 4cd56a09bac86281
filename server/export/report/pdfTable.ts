import { PDF_STYLE, type PdfWriter } from "../pdf/pdfWriter.js";
import type { PdfFont } from "../pdf/pdfFonts.js";

export interface PdfColumn {
  header: string;
  /** Share of the text width (the shares of a table add up to 1). */
  width: number;
  align?: "left" | "right" | "center";
  font?: PdfFont;
}

export interface PdfTableOptions {
  caption: string;
  columns: PdfColumn[];
  rows: string[][];
  /** The first cell of each row heads its row (TH, scope Row). */
  rowHeaders?: boolean;
  size?: number;
}

const PAD = 3;
/** A cell's text is cut beyond this in the PDF (the CSV and the workbook keep it whole), so that a row always fits on a page. */
const MAX_CELL = 1200;

/**
 * A tagged table (Table, Caption, TR, TH with their scope, TD): screen
 * readers announce each cell with its column's header. Rows never split: a
 * row that does not fit starts a new page, where the header row is drawn
 * again as page furniture (an artifact, so it is read once). Rules and the
 * header's shading are artifacts too.
 */
export function pdfTable(writer: PdfWriter, parent: PDFKit.PDFStructureElement, options: PdfTableOptions): void {
  const { doc } = writer;
  const size = options.size ?? 7.8;
  const left = writer.left;
  const widths = options.columns.map((c) => c.width * writer.width());
  const total = widths.reduce((a, b) => a + b, 0);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const lineGap = 1.2;
  const fontOf = (col: number, header: boolean): PdfFont => (header || (options.rowHeaders && col == 0) ? "sansBold" : options.columns[col].font ?? "sans");
  const heightOf = (cells: string[], header: boolean) => {
    let h = 0;
    cells.forEach((text, i) => {
      doc.font(fontOf(i, header)).fontSize(size);
      h = Math.max(h, doc.heightOfString(spaced(text) || " ", { width: widths[i] - 2 * PAD, lineGap }));
    });
    return h + 2 * PAD;
  };
  const headers = options.columns.map((c) => c.header);
  const headerHeight = heightOf(headers, true);

  // The caption, the header row and a first row stay together.
  writer.ensureSpace(size * 3 + headerHeight + 30);
  const table = writer.group("Table", parent);
  table.add(doc.struct("Caption", {}, () => {
    doc.font("sansBold").fontSize(9).fillColor(PDF_STYLE.text).text(options.caption, left, doc.y, { width: total });
  }));
  doc.y += 3;

  const drawFrame = (y: number, height: number, header: boolean) => {
    doc.markContent("Artifact", { type: "Layout" });
    doc.save();
    if (header) doc.rect(left, y, total, height).fillColor("#e8e8f4").fill();
    doc.moveTo(left, y + height).lineTo(left + total, y + height).lineWidth(header ? 0.8 : 0.4).strokeColor(header ? PDF_STYLE.accent : PDF_STYLE.rule).stroke();
    doc.restore();
    doc.endMarkedContent();
  };
  const cellText = (text: string, i: number, y: number, height: number, header: boolean) => {
    doc.font(fontOf(i, header)).fontSize(size).fillColor(PDF_STYLE.text);
    doc.text(spaced(text), xs[i] + PAD, y + PAD, { width: widths[i] - 2 * PAD, height: height - PAD, lineGap, ellipsis: true, align: options.columns[i].align ?? "left" });
  };
  const headerRow = (tagged: boolean) => {
    const y = doc.y;
    drawFrame(y, headerHeight, true);
    if (tagged) {
      const tr = writer.group("TR", table);
      headers.forEach((text, i) => tr.add(doc.struct("TH", scope("Column"), () => cellText(text, i, y, headerHeight, true))));
      tr.end();
    } else {
      doc.markContent("Artifact", { type: "Pagination" });
      headers.forEach((text, i) => cellText(text, i, y, headerHeight, true));
      doc.endMarkedContent();
    }
    doc.y = y + headerHeight;
  };

  headerRow(true);
  for (const raw of options.rows) {
    const cells = raw.map((text) => (text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}… (texte complet dans le fichier CSV ou tableur)` : text));
    const room = doc.page.maxY() - doc.page.margins.top - headerHeight;
    const height = Math.min(heightOf(cells, false), room);
    if (doc.y + height > doc.page.maxY()) {
      writer.newPage();
      headerRow(false);
    }
    const y = doc.y;
    drawFrame(y, height, false);
    const tr = writer.group("TR", table);
    cells.forEach((text, i) => {
      const header = !!options.rowHeaders && i == 0;
      tr.add(doc.struct(header ? "TH" : "TD", header ? scope("Row") : {}, () => cellText(text || "—", i, y, height, false)));
    });
    tr.end();
    doc.y = y + height;
  }
  table.end();
  doc.y += 10;
  writer.reset();
}

/** A header cell's scope (pdfkit writes it as the Table attribute; its types do not list it). */
const scope = (value: "Column" | "Row") => ({ scope: value }) as PDFKit.Mixins.StructureElementOptions;

/** A space before each line break, so that the lines of a cell read as separate words (text extraction, screen readers). */
const spaced = (text: string) => text.replace(/(?<! )\n/g, " \n");
