import PDFDocument from "pdfkit";
import type { Inline } from "../model.js";
import { registerPdfFonts, serifFor, type PdfFont } from "./pdfFonts.js";

/** The document's metadata (the PDF's Info dictionary and XMP). */
export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords?: string;
  creationDate: Date;
}

/** Colours and sizes shared by the charter's pages and whatever is added to them (signature blocks, a certificate page). */
export const PDF_STYLE = {
  text: "#1e1e1e",
  muted: "#555555",
  accent: "#000091",
  rule: "#c8c8e6",
  bodySize: 10.5,
  smallSize: 8.5,
  margins: { top: 62, bottom: 72, left: 64, right: 64 },
};

/** pdfkit's text state, which a page break carries over to the new page. */
interface TextState {
  _font: unknown;
  _fontSize: number;
  _fillColor: [PDFKit.Mixins.ColorValue, number?] | undefined;
  x: number;
  y: number;
}

/** A run of text to write, with its font. */
interface Segment {
  text: string;
  font: PdfFont;
  href: string | null;
}

/** Options of one written paragraph. */
export interface ParagraphOptions {
  /** Left offset from the margin, in points. */
  indent?: number;
  font?: PdfFont;
  size?: number;
  color?: string;
  /** Space after the paragraph. */
  after?: number;
  align?: "left" | "justify" | "center" | "right";
}

/**
 * A tagged PDF being written top to bottom: headings, paragraphs and lists,
 * each one a structure element (H1…H3, P, L/LI/Lbl/LBody, Div) whose content
 * is marked, so that screen readers and reflow read the text in order, and
 * page furniture (watermark, footer, rules) marked as artifacts. Pages are
 * buffered until `finish`, so that page numbers can say « n / N ».
 *
 * The charter is written with it (`renderCharterPdf`), and so can pages added
 * after the charter (signature blocks, a certificate page).
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  /** The structure tree's root element: every block is a child of it, or of one of its children. */
  readonly root: PDFKit.PDFStructureElement;
  private readonly onPage: ((writer: PdfWriter) => void)[] = [];
  private readonly artifacts: { page: number; draw(doc: PDFKit.PDFDocument): void }[] = [];

  constructor(meta: PdfMetadata, page: { layout?: "portrait" | "landscape" } = {}) {
    this.doc = new PDFDocument({
      size: "A4",
      layout: page.layout ?? "portrait",
      pdfVersion: "1.7",
      tagged: true,
      lang: "fr-FR",
      displayTitle: true,
      bufferPages: true,
      autoFirstPage: false,
      margins: PDF_STYLE.margins,
      info: { Title: meta.title, Author: meta.author, Subject: meta.subject, Keywords: meta.keywords, Creator: "Charte", CreationDate: meta.creationDate },
    });
    registerPdfFonts(this.doc);
    this.doc.font("serif").fontSize(PDF_STYLE.bodySize);
    this.doc.on("pageAdded", () => {
      // Drawn as each page starts, under its text, with no content marked yet. A paragraph
      // may be flowing onto this page: pdfkit carries its font and colour over, so they are kept.
      const state = this.doc as unknown as TextState;
      const kept = { _font: state._font, _fontSize: state._fontSize, _fillColor: state._fillColor, x: state.x, y: state.y };
      for (const draw of this.onPage) draw(this);
      Object.assign(state, kept);
      if (kept._fillColor) this.doc.fillColor(...kept._fillColor);
    });
    this.root = this.doc.struct("Document");
    this.doc.addStructure(this.root);
  }

  /** Draws something (an artifact) on every page as it is added, under its text; set before the first page. */
  everyPage(draw: (writer: PdfWriter) => void): void {
    this.onPage.push(draw);
  }

  /** Starts the first page, or a new one. */
  newPage(): void {
    this.doc.addPage();
    this.reset();
  }

  /** The width text can take at this indent. */
  width(indent = 0): number {
    const page = this.doc.page;
    return page.width - page.margins.left - page.margins.right - indent;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  /** The index of the current page (0-based). */
  get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  /** Starts a new page unless `height` points fit above the bottom margin. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.doc.page.maxY()) this.newPage();
  }

  /** A container element (Sect, Div, L…) under `parent`; call `end()` on it once its children are added. */
  group(type: string, parent: PDFKit.PDFStructureElement = this.root, options: PDFKit.Mixins.StructureElementOptions = {}): PDFKit.PDFStructureElement {
    const element = this.doc.struct(type, options);
    parent.add(element);
    return element;
  }

  /** A heading (H1…H3), kept with the lines that follow it. */
  heading(level: 1 | 2 | 3, text: string, parent: PDFKit.PDFStructureElement = this.root, options: { size?: number; color?: string; before?: number; after?: number } = {}): void {
    const size = options.size ?? ({ 1: 20, 2: 14, 3: 11.5 } as const)[level];
    this.doc.y += options.before ?? 0;
    this.ensureSpace(size * 1.4 + 4 * PDF_STYLE.bodySize * 1.4);
    parent.add(
      this.doc.struct(`H${level}`, {}, () => {
        this.doc.font(level == 3 ? "sansBold" : "sansBold").fontSize(size).fillColor(options.color ?? PDF_STYLE.accent);
        this.doc.text(text, this.left, this.doc.y, { width: this.width(), lineGap: 1 });
      }),
    );
    this.doc.y += options.after ?? size * 0.45;
    this.reset();
  }

  /** A paragraph (P) of inline runs. Empty paragraphs are left out. */
  paragraph(runs: Inline[] | string, parent: PDFKit.PDFStructureElement = this.root, options: ParagraphOptions = {}, type = "P"): void {
    const segments = toSegments(typeof runs == "string" ? [{ text: runs, bold: false, italic: false, href: null }] : runs, options.font);
    if (!segments.some((s) => s.text.trim())) return;
    parent.add(this.doc.struct(type, {}, () => this.writeSegments(segments, options)));
    this.doc.y += options.after ?? 5;
    this.reset();
  }

  /** Writes runs where the text cursor is, inside the current marked content. */
  writeSegments(segments: Segment[], options: ParagraphOptions = {}): void {
    const indent = options.indent ?? 0;
    const size = options.size ?? PDF_STYLE.bodySize;
    this.doc.fillColor(options.color ?? PDF_STYLE.text).fontSize(size);
    segments.forEach((segment, i) => {
      const last = i == segments.length - 1;
      this.doc.font(segment.font);
      const textOptions: PDFKit.Mixins.TextOptions = { continued: !last, link: segment.href ?? undefined, underline: !!segment.href, lineGap: 2.2 };
      if (i == 0) this.doc.text(segment.text, this.left + indent, this.doc.y, { ...textOptions, width: this.width(indent), align: options.align ?? "left" });
      else this.doc.text(segment.text, textOptions);
    });
  }

  /**
   * A list (L, of LI with Lbl and LBody): each item is written by `item`,
   * which gets the item's body element and the indent of its text.
   */
  list<T>(items: T[], options: { ordered: boolean; start?: number; indent?: number; parent?: PDFKit.PDFStructureElement }, item: (value: T, body: PDFKit.PDFStructureElement, indent: number) => void): void {
    const indent = options.indent ?? 0;
    const list = this.group("L", options.parent);
    const labelWidth = options.ordered ? 22 : 14;
    items.forEach((value, i) => {
      const li = this.group("LI", list);
      const label = options.ordered ? `${(options.start ?? 1) + i}.` : "•";
      this.ensureSpace(PDF_STYLE.bodySize * 2.8);
      const y = this.doc.y;
      li.add(
        this.doc.struct("Lbl", {}, () => {
          this.doc.font("serif").fontSize(PDF_STYLE.bodySize).fillColor(PDF_STYLE.text);
          this.doc.text(label, this.left + indent, y, { width: labelWidth, lineBreak: false });
        }),
      );
      this.doc.y = y;
      const body = this.group("LBody", li);
      item(value, body, indent + labelWidth);
      body.end();
      li.end();
    });
    list.end();
    this.doc.y += 3;
  }

  /** A vertical rule beside some content, drawn as an artifact on each page it spans (see `finish`). */
  sideRule(from: { page: number; y: number }, x: number, color: string): void {
    const to = { page: this.pageIndex, y: this.doc.y };
    const margins = this.doc.page.margins;
    for (let page = from.page; page <= to.page; page++) {
      const top = page == from.page ? from.y : margins.top;
      const bottom = page == to.page ? to.y : this.doc.page.height - margins.bottom;
      this.artifacts.push({ page, draw: (doc) => doc.save().moveTo(x, top).lineTo(x, bottom).lineWidth(2.5).strokeColor(color).stroke().restore() });
    }
  }

  /**
   * Ends the document: draws the recorded artifacts and, on every page, what
   * `footer` draws (given the page's number and the count), then resolves
   * with the PDF's bytes.
   */
  finish(footer: (page: number, count: number) => void): Promise<Buffer> {
    const doc = this.doc;
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on("data", (chunk: Buffer) => chunks.push(chunk));
      doc.on("end", () => resolve(Buffer.concat(chunks)));
      doc.on("error", reject);
    });
    this.root.end();
    const range = doc.bufferedPageRange();
    for (let page = range.start; page < range.start + range.count; page++) {
      doc.switchToPage(page);
      // Writing below the bottom margin would otherwise start a new page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.markContent("Artifact", { type: "Layout" });
      for (const artifact of this.artifacts) if (artifact.page == page) artifact.draw(doc);
      doc.endMarkedContent();
      doc.markContent("Artifact", { type: "Pagination" });
      footer(page + 1, range.count);
      doc.endMarkedContent();
      doc.page.margins.bottom = bottom;
    }
    doc.end();
    return done;
  }

  /** Back to body text. */
  reset(): void {
    this.doc.font("serif").fontSize(PDF_STYLE.bodySize).fillColor(PDF_STYLE.text);
  }
}

/** Runs as fonts, line breaks folded into the text (pdfkit breaks the line at "\n"). */
function toSegments(runs: Inline[], font?: PdfFont): Segment[] {
  const segments: Segment[] = [];
  for (const run of runs) {
    if ("lineBreak" in run) {
      if (segments.length) segments[segments.length - 1].text += "\n";
      continue;
    }
    segments.push({ text: run.text, font: font ?? serifFor(run.bold, run.italic), href: run.href });
  }
  return segments;
}

export { toSegments };
