import {
  AlignmentType, BorderStyle, Document, ExternalHyperlink, Footer, Header, HeadingLevel, LevelFormat, Packer, PageNumber,
  Paragraph, ShadingType, TextRun, type ILevelsOptions, type INumberingOptions, type ParagraphChild,
} from "docx";
import type { Block, CharterExportModel, ExportedArticle, ExportedCommitment, Inline } from "../model.js";
import { articleLabel, frenchDateTime, frenchDay, sectionLabel, versionTitle } from "../model.js";

/** Paragraph styles of the document, named in French as Word shows them. */
const STYLE = { commitmentLabel: "EngagementResponsable", commitment: "Engagement", commitmentMeta: "EngagementDetails", versionNote: "MentionVersion" };
const ACCENT = "000091";

/**
 * The DOCX of a charter, for partners who circulate drafts internally and
 * comment on them in their word processor: Word headings (title, « Titre n »,
 * « Article n »), the commitments as paragraphs of their own styles with their
 * organisation, real lists, the version on the first page and in the header
 * (« PROJET » unless it is the signed charter), « Page n / N » in the footer.
 */
export function renderCharterDocx(model: CharterExportModel): Promise<Buffer> {
  const lists = new ListNumbering();
  const children: Paragraph[] = [...frontMatter(model)];
  for (const block of model.preamble) children.push(...blockParagraphs(block, lists, 0));
  for (const section of model.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${sectionLabel(section.number)} — ${section.heading}`)] }));
    for (const block of section.introduction) children.push(...blockParagraphs(block, lists, 0));
    for (const article of section.articles) children.push(...articleParagraphs(article, lists));
  }
  const status = model.signed ? "Charte signée" : "PROJET — document de travail, non signé";
  const doc = new Document({
    creator: "Charte",
    title: model.title,
    subject: `Charte départementale de prévention des expulsions locatives : ${versionTitle(model.version)}`,
    description: `Département de ${model.departement.name} (${model.departement.code}) ; empreinte SHA-256 ${model.version.hash}`,
    keywords: "charte, prévention des expulsions",
    styles: {
      default: {
        document: { run: { font: "Calibri", size: 22, language: { value: "fr-FR" } }, paragraph: { spacing: { after: 120, line: 276 } } },
        heading1: { run: { font: "Calibri", size: 40, bold: true, color: ACCENT }, paragraph: { spacing: { after: 240 } } },
        heading2: { run: { font: "Calibri", size: 30, bold: true, color: ACCENT }, paragraph: { spacing: { before: 360, after: 160 }, keepNext: true } },
        heading3: { run: { font: "Calibri", size: 24, bold: true, color: ACCENT }, paragraph: { spacing: { before: 240, after: 100 }, keepNext: true } },
      },
      paragraphStyles: [
        commitmentStyle(STYLE.commitmentLabel, "Engagement — responsable", { bold: true, color: ACCENT, size: 20 }, { keepNext: true, spacing: { before: 160, after: 40 } }),
        commitmentStyle(STYLE.commitment, "Engagement", {}, { spacing: { after: 40 } }),
        commitmentStyle(STYLE.commitmentMeta, "Engagement — échéance et indicateur", { size: 18, color: "555555" }, { spacing: { after: 160 } }),
        { id: STYLE.versionNote, name: "Mention de version", basedOn: "Normal", run: { size: 18, color: "555555" }, paragraph: { spacing: { after: 60 } } },
      ],
    },
    numbering: lists.options(),
    sections: [{
      properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
      headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: status, size: 16, color: model.signed ? "555555" : "B34000", bold: !model.signed })] })] }) },
      footers: {
        default: new Footer({
          children: [new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun({ size: 16, color: "555555", children: [footerVersion(model), "Page ", PageNumber.CURRENT, " / ", PageNumber.TOTAL_PAGES] })],
          })],
        }),
      },
      children,
    }],
  });
  return Packer.toBuffer(doc);
}

function footerVersion(model: CharterExportModel): string {
  const v = model.version;
  return `${v.number == null ? "Projet en cours" : `Version ${v.number}`} · empreinte ${v.hash.slice(0, 12)} · `;
}

function frontMatter(model: CharterExportModel): Paragraph[] {
  const v = model.version;
  const note = (text: string, font?: string) => new Paragraph({ style: STYLE.versionNote, children: [new TextRun({ text, font })] });
  return [
    note(`Département de ${model.departement.name} (${model.departement.code})`),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(model.title)] }),
    new Paragraph({ style: STYLE.versionNote, children: [new TextRun({ text: versionTitle(v), bold: true, color: "1E1E1E", size: 22 })] }),
    note(
      v.number == null
        ? `Texte en cours de rédaction, exporté le ${frenchDateTime(model.exportedAt)}.`
        : `Enregistrée le ${frenchDateTime(v.createdAt)}${v.author ? ` par ${v.author}` : " (point de sauvegarde automatique)"} ; exportée le ${frenchDateTime(model.exportedAt)}.`,
    ),
    note(model.signed ? "Charte signée." : "Projet : ce texte n'est pas la charte signée."),
    note(`Empreinte SHA-256 du contenu : ${v.hash}`, "Consolas"),
    new Paragraph({ children: [] }),
  ];
}

function articleParagraphs(article: ExportedArticle, lists: ListNumbering): Paragraph[] {
  const out = [new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(`${articleLabel(article.number)} — ${article.heading}`)] })];
  for (const item of article.content) out.push(...(item.kind == "commitment" ? commitmentParagraphs(item) : blockParagraphs(item, lists, 0)));
  return out;
}

function commitmentParagraphs(commitment: ExportedCommitment): Paragraph[] {
  const meta = [commitment.due ? `Échéance : ${frenchDay(commitment.due)}` : null, commitment.indicator ? `Indicateur : ${commitment.indicator}` : null].filter((x) => x != null);
  return [
    new Paragraph({ style: STYLE.commitmentLabel, children: [new TextRun(`Engagement — ${commitment.organisation}`)] }),
    new Paragraph({ style: STYLE.commitment, keepNext: meta.length > 0, children: runs(commitment.inlines) }),
    ...(meta.length ? [new Paragraph({ style: STYLE.commitmentMeta, children: [new TextRun(meta.join("  ·  "))] })] : []),
  ];
}

function blockParagraphs(block: Block, lists: ListNumbering, level: number): Paragraph[] {
  if (block.kind == "paragraph") return block.inlines.length ? [new Paragraph({ children: runs(block.inlines) })] : [];
  const reference = lists.reference(block.ordered, block.start);
  const instance = lists.instance();
  const out: Paragraph[] = [];
  for (const item of block.items) {
    item.forEach((child, i) => {
      if (child.kind == "paragraph" && i == 0) out.push(new Paragraph({ numbering: { reference, level, instance }, children: runs(child.inlines) }));
      else if (child.kind == "paragraph") out.push(new Paragraph({ indent: { left: 720 * (level + 1) }, children: runs(child.inlines) }));
      else out.push(...blockParagraphs(child, lists, Math.min(level + 1, 8)));
    });
  }
  return out;
}

function runs(inlines: Inline[]): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  let breakNext = false;
  for (const inline of inlines) {
    if ("lineBreak" in inline) {
      if (breakNext) out.push(new TextRun({ text: "", break: 1 }));
      breakNext = true;
      continue;
    }
    const run = new TextRun({ text: inline.text, bold: inline.bold, italics: inline.italic, break: breakNext ? 1 : undefined, style: inline.href ? "Hyperlink" : undefined });
    breakNext = false;
    out.push(inline.href ? new ExternalHyperlink({ link: inline.href, children: [run] }) : run);
  }
  if (breakNext) out.push(new TextRun({ text: "", break: 1 }));
  return out;
}

function commitmentStyle(id: string, name: string, run: Record<string, unknown>, paragraph: Record<string, unknown>) {
  return {
    id, name, basedOn: "Normal", next: "Normal", quickFormat: true, run,
    paragraph: {
      ...paragraph,
      indent: { left: 283 },
      border: { left: { style: BorderStyle.SINGLE, size: 18, color: ACCENT, space: 8 } },
      shading: { type: ShadingType.CLEAR, color: "auto", fill: "F3F3FB" },
    },
  };
}

/** The lists' numbering definitions: bullets, and numbers from each start a list uses; each list is an instance of its own. */
class ListNumbering {
  private readonly starts = new Set<number>();
  private next = 0;

  reference(ordered: boolean, start: number): string {
    if (!ordered) return "puces";
    this.starts.add(start);
    return `numeros-${start}`;
  }

  instance(): number {
    return ++this.next;
  }

  options(): INumberingOptions {
    const levels = (ordered: boolean, start: number): ILevelsOptions[] =>
      Array.from({ length: 9 }, (_, level) => ({
        level,
        format: ordered ? LevelFormat.DECIMAL : LevelFormat.BULLET,
        text: ordered ? `%${level + 1}.` : ["•", "◦", "▪"][level % 3],
        start: level == 0 ? start : 1,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
      }));
    return { config: [{ reference: "puces", levels: levels(false, 1) }, ...[...this.starts].map((start) => ({ reference: `numeros-${start}`, levels: levels(true, start) }))] };
  }
}
