import type { Block, CharterExportModel, ExportedArticle, ExportedCommitment } from "../model.js";
import { articleLabel, frenchDateTime, frenchDay, sectionLabel, versionTitle } from "../model.js";
import { PDF_STYLE, PdfWriter } from "./pdfWriter.js";

/** Options of a charter's PDF. */
export interface CharterPdfOptions {
  /** « PROJET » across every page and in the footers; by default, unless the text is the signed charter. */
  watermark?: boolean;
  /**
   * Writes more after the charter's text, in the same tagged document (the
   * signature blocks and certificate page of a signed charter): called once
   * the text is written, before the pages are numbered.
   */
  extraPages?: (writer: PdfWriter, model: CharterExportModel) => void;
  /** What the first page says of the text's standing, instead of « Charte signée. » or « Projet : … ». */
  statusLine?: string;
}

/**
 * The PDF of a charter: a tagged PDF 1.7 in French with embedded DejaVu
 * fonts, its title and version on the first page, numbered titles and
 * articles (also as bookmarks), the commitments with their organisations,
 * « Page n / N » in the footer, and « PROJET » across every page of what is
 * not the signed charter.
 */
export function renderCharterPdf(model: CharterExportModel, options: CharterPdfOptions = {}): Promise<Buffer> {
  const writer = new PdfWriter(pdfMetadata(model));
  const draft = options.watermark ?? !model.signed;
  if (draft) writer.everyPage(drawWatermark);
  writer.newPage();
  writeFrontMatter(writer, model, options.statusLine);
  // The preamble has no heading of its own: it follows the title.
  writeBlocks(writer, model.preamble, writer.group("Sect", writer.root), 0, true);
  for (const section of model.sections) {
    const sect = writer.group("Sect", writer.root, { title: sectionLabel(section.number) });
    const heading = `${sectionLabel(section.number)} — ${section.heading}`;
    writer.heading(2, heading, sect, { before: 10 });
    const outline = writer.doc.outline.addItem(heading);
    writeBlocks(writer, section.introduction, sect, 0);
    for (const article of section.articles) {
      outline.addItem(`${articleLabel(article.number)} — ${article.heading}`);
      writeArticle(writer, article, sect);
    }
    sect.end();
  }
  options.extraPages?.(writer, model);
  return writer.finish((page, count) => drawFooter(writer, model, draft, page, count));
}

/** The Info dictionary: title, author, subject, keywords, creation date. */
function pdfMetadata(model: CharterExportModel) {
  const departement = `${model.departement.name} (${model.departement.code})`;
  return {
    title: model.title,
    author: `Charte — département de ${departement}`,
    subject: `Charte départementale de prévention des expulsions locatives : ${versionTitle(model.version)}`,
    keywords: `charte, prévention des expulsions, ${model.departement.name}, empreinte ${model.version.hash}`,
    creationDate: new Date(model.exportedAt),
  };
}

function writeFrontMatter(writer: PdfWriter, model: CharterExportModel, statusLine?: string): void {
  const { doc } = writer;
  writer.paragraph(`Département de ${model.departement.name} (${model.departement.code})`, writer.root, { font: "sans", size: 9.5, color: PDF_STYLE.muted, after: 8 });
  writer.heading(1, model.title, writer.root, { after: 14 });
  const box = writer.group("Div", writer.root);
  const start = { page: writer.pageIndex, y: doc.y - 2 };
  const small = { indent: 12, font: "sans" as const, size: 9, color: PDF_STYLE.muted, after: 2 };
  writer.paragraph(versionTitle(model.version), box, { indent: 12, font: "sansBold", size: 10.5, color: PDF_STYLE.text, after: 3 });
  const v = model.version;
  writer.paragraph(
    v.number == null
      ? `Texte en cours de rédaction, exporté le ${frenchDateTime(model.exportedAt)}.`
      : `Enregistrée le ${frenchDateTime(v.createdAt)}${v.author ? ` par ${v.author}` : " (point de sauvegarde automatique)"} ; exportée le ${frenchDateTime(model.exportedAt)}.`,
    box,
    small,
  );
  writer.paragraph(statusLine ?? (model.signed ? "Charte signée." : "Projet : ce texte n'est pas la charte signée."), box, small);
  writer.paragraph([{ text: `Empreinte SHA-256 du contenu : ${v.hash}`, bold: false, italic: false, href: null }], box, { ...small, font: "mono", size: 7.5, after: 0 });
  box.end();
  writer.sideRule(start, writer.left + 2, PDF_STYLE.accent);
  doc.y += 18;
}

function writeArticle(writer: PdfWriter, article: ExportedArticle, parent: PDFKit.PDFStructureElement): void {
  const sect = writer.group("Sect", parent, { title: articleLabel(article.number) });
  writer.heading(3, `${articleLabel(article.number)} — ${article.heading}`, sect, { before: 6, after: 5 });
  for (const item of article.content) {
    if (item.kind == "commitment") writeCommitment(writer, item, sect);
    else writeBlocks(writer, [item], sect, 0);
  }
  sect.end();
}

function writeCommitment(writer: PdfWriter, commitment: ExportedCommitment, parent: PDFKit.PDFStructureElement): void {
  const { doc } = writer;
  writer.ensureSpace(PDF_STYLE.bodySize * 5);
  doc.y += 2;
  const div = writer.group("Div", parent);
  const start = { page: writer.pageIndex, y: doc.y - 1 };
  writer.paragraph(`Engagement — ${commitment.organisation}`, div, { indent: 12, font: "sansBold", size: 9.5, color: PDF_STYLE.accent, after: 2 });
  writer.paragraph(commitment.inlines, div, { indent: 12, after: 2 });
  const meta = [commitment.due ? `Échéance : ${frenchDay(commitment.due)}` : null, commitment.indicator ? `Indicateur : ${commitment.indicator}` : null].filter(Boolean).join("  ·  ");
  if (meta) writer.paragraph(meta, div, { indent: 12, font: "sans", size: PDF_STYLE.smallSize, color: PDF_STYLE.muted, after: 0 });
  div.end();
  writer.sideRule(start, writer.left + 2, PDF_STYLE.rule);
  doc.y += 8;
}

function writeBlocks(writer: PdfWriter, blocks: Block[], parent: PDFKit.PDFStructureElement, indent: number, endParent = false): void {
  for (const block of blocks) {
    if (block.kind == "paragraph") writer.paragraph(block.inlines, parent, { indent });
    else writer.list(block.items, { ordered: block.ordered, start: block.start, indent, parent }, (item, body, itemIndent) => writeBlocks(writer, item, body, itemIndent));
  }
  if (endParent) parent.end();
}

/** The parts of pdfkit's embedded font (a fontkit font) the watermark reads. */
interface OutlineFont {
  unitsPerEm: number;
  /** Missing from some fonts' tables. */
  capHeight?: number;
  layout(text: string): { glyphs: { path: { toSVG(): string } }[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[]; advanceWidth: number };
}

/**
 * « PROJET » across the page, light, under the text. It is drawn as the
 * letters' outlines rather than as text, and marked as an artifact: it is
 * page furniture, so assistive technologies skip it and copying or
 * extracting the text does not pick up its scattered letters.
 */
export function drawWatermark(writer: PdfWriter): void {
  const { doc } = writer;
  const { width, height } = doc.page;
  doc.font("sansBold");
  const font = (doc as unknown as { _font: { font: OutlineFont } })._font.font;
  const run = font.layout("PROJET");
  const scale = 118 / font.unitsPerEm;
  doc.markContent("Artifact", { type: "Layout" });
  doc.save();
  doc.rotate(-50, { origin: [width / 2, height / 2] });
  // Font units point up, the page's down: the outlines are flipped about the baseline.
  const capHeight = font.capHeight || font.unitsPerEm * 0.73;
  doc.translate((width - run.advanceWidth * scale) / 2, (height + capHeight * scale) / 2);
  doc.scale(scale, -scale);
  doc.fillColor(PDF_STYLE.accent, 0.07);
  let x = 0;
  run.glyphs.forEach((glyph, i) => {
    const position = run.positions[i];
    doc.save().translate(x + position.xOffset, position.yOffset).path(glyph.path.toSVG()).fill().restore();
    x += position.xAdvance;
  });
  doc.restore();
  doc.endMarkedContent();
}

function drawFooter(writer: PdfWriter, model: CharterExportModel, draft: boolean, page: number, count: number): void {
  const { doc } = writer;
  const y = doc.page.height - PDF_STYLE.margins.bottom + 28;
  const width = writer.width();
  doc.save().moveTo(writer.left, y - 8).lineTo(writer.left + width, y - 8).lineWidth(0.5).strokeColor(PDF_STYLE.rule).stroke().restore();
  doc.font("sans").fontSize(8).fillColor(PDF_STYLE.muted);
  const number = `Page ${page} / ${count}`;
  const numberWidth = doc.widthOfString(number);
  const v = model.version;
  const left = `${v.number == null ? "Projet en cours" : `Version ${v.number}`} · empreinte ${v.hash.slice(0, 12)}${draft ? " · PROJET" : ""}`;
  doc.text(left, writer.left, y, { width: width - numberWidth - 12, lineBreak: false, ellipsis: true });
  doc.text(number, writer.left + width - numberWidth, y, { lineBreak: false });
}
