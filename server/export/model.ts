import type { Node as PMNode } from "prosemirror-model";
import type { CharterState } from "../shared/roles.js";
import { numberCharter } from "../shared/numbering.js";
import { withFrenchFirst } from "../shared/frenchDates.js";

/**
 * What an exported charter says, whatever the format it is written in: its
 * title, the version it is, its preamble, its numbered sections and articles,
 * and the commitments of each article with the name of the organisation
 * responsible. The PDF and DOCX renderers read only this; numbers come from
 * `numberCharter` (never stored), names are resolved once here.
 */
export interface CharterExportModel {
  title: string;
  departement: { code: string; name: string };
  /** The charter's state when exported. */
  state: CharterState;
  version: ExportedVersion;
  /** Whether this text is the signed charter: drafts and other versions carry a « PROJET » watermark. */
  signed: boolean;
  preamble: Block[];
  sections: ExportedSection[];
  /** When the export was made (ISO 8601). */
  exportedAt: string;
}

/** Which text is exported: the live draft or a saved version. */
export interface ExportedVersion {
  /** A version id, or `draft`. */
  id: string;
  /** The version's number; null for the draft. */
  number: number | null;
  label: string;
  /** SHA-256 of the canonical content (see `canonical.ts`), for the draft too. */
  hash: string;
  /** When the version was saved; for the draft, when it was read. */
  createdAt: string;
  author: string | null;
}

export interface ExportedSection {
  number: number;
  heading: string;
  introduction: Block[];
  articles: ExportedArticle[];
}

export interface ExportedArticle {
  /** Counted across the whole charter. */
  number: number;
  id: string | null;
  heading: string;
  content: (Block | ExportedCommitment)[];
}

export interface ExportedCommitment {
  kind: "commitment";
  id: string | null;
  /** The responsible organisation's name, or what stands for it when none is chosen. */
  organisation: string;
  inlines: Inline[];
  /** A calendar day, `YYYY-MM-DD`. */
  due: string | null;
  indicator: string | null;
}

export type Block = ExportedParagraph | ExportedList;

export interface ExportedParagraph {
  kind: "paragraph";
  inlines: Inline[];
}

export interface ExportedList {
  kind: "list";
  ordered: boolean;
  start: number;
  /** Each item is a paragraph followed by any nested blocks. */
  items: Block[][];
}

/** A run of text with its marks, or a line break. */
export type Inline = { text: string; bold: boolean; italic: boolean; href: string | null } | { lineBreak: true };

/** What the model needs besides the document. */
export interface ModelContext {
  departement: { code: string; name: string };
  state: CharterState;
  version: ExportedVersion;
  signed: boolean;
  /** The name of an organisation, by id; undefined for one that does not exist (any more). */
  organisationName(id: string): string | undefined;
  exportedAt?: Date;
}

/** What a commitment shows when its organisation is not known. */
export const UNASSIGNED = "Organisation responsable à attribuer";
export const UNKNOWN_ORGANISATION = "Organisation inconnue";

/** Builds the export model of a charter document. */
export function buildExportModel(doc: PMNode, context: ModelContext): CharterExportModel {
  const numbers = numberCharter(doc);
  const numberAt = new Map(numbers.map((e) => [e.pos, e.number]));
  const model: CharterExportModel = {
    title: doc.firstChild?.textContent.trim() ?? "",
    departement: context.departement,
    state: context.state,
    version: context.version,
    signed: context.signed,
    preamble: [],
    sections: [],
    exportedAt: (context.exportedAt ?? new Date()).toISOString(),
  };
  doc.forEach((node, offset) => {
    if (node.type.name == "preamble") node.forEach((child) => pushBlock(model.preamble, child));
    if (node.type.name != "section") return;
    const section: ExportedSection = { number: numberAt.get(offset)!, heading: node.firstChild?.textContent ?? "", introduction: [], articles: [] };
    node.forEach((child, childOffset) => {
      if (child.type.name == "clause") section.articles.push(article(child, numberAt.get(offset + 1 + childOffset)!, context));
      else if (child.type.name != "section_heading") pushBlock(section.introduction, child);
    });
    model.sections.push(section);
  });
  return model;
}

function article(node: PMNode, number: number, context: ModelContext): ExportedArticle {
  const result: ExportedArticle = { number, id: node.attrs.id, heading: node.firstChild?.textContent ?? "", content: [] };
  node.forEach((child) => {
    if (child.type.name == "clause_heading") return;
    if (child.type.name == "commitment") {
      const party = child.attrs.party as string | null;
      result.content.push({
        kind: "commitment",
        id: child.attrs.id,
        organisation: party ? context.organisationName(party) ?? UNKNOWN_ORGANISATION : UNASSIGNED,
        inlines: inlines(child),
        due: child.attrs.due,
        indicator: child.attrs.indicator,
      });
    } else pushBlock(result.content, child);
  });
  return result;
}

function pushBlock(into: (Block | ExportedCommitment)[], node: PMNode): void {
  const name = node.type.name;
  if (name == "paragraph") into.push({ kind: "paragraph", inlines: inlines(node) });
  else if (name == "bullet_list" || name == "ordered_list") {
    const items: Block[][] = [];
    node.forEach((item) => {
      const blocks: Block[] = [];
      item.forEach((child) => pushBlock(blocks, child));
      items.push(blocks);
    });
    into.push({ kind: "list", ordered: name == "ordered_list", start: name == "ordered_list" ? Number(node.attrs.order) || 1 : 1, items });
  }
}

function inlines(node: PMNode): Inline[] {
  const out: Inline[] = [];
  node.forEach((child) => {
    if (child.type.name == "hard_break") out.push({ lineBreak: true });
    else if (child.isText) {
      const mark = (name: string) => child.marks.find((m) => m.type.name == name);
      out.push({ text: child.text!, bold: !!mark("strong"), italic: !!mark("em"), href: (mark("link")?.attrs.href as string | undefined) ?? null });
    }
  });
  return out;
}

/** The text of some inlines, line breaks as spaces. */
export function plainText(runs: Inline[]): string {
  return runs.map((r) => ("lineBreak" in r ? " " : r.text)).join("");
}

/** A calendar day as the French write it (the journal writes days too, so it lives in shared). */
export { frenchDay } from "../shared/frenchDates.js";

/** A moment as the French write it, in Paris time: « 1er décembre 2026 à 13:05 ». */
export function frenchDateTime(iso: string): string {
  const date = new Date(iso);
  return isNaN(date.getTime()) ? iso : withFrenchFirst(new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" }).format(date));
}

/** How the exported text names itself: « Version 3 — V3 après comité » or « Projet en cours ». */
export function versionTitle(version: ExportedVersion): string {
  return version.number == null ? "Projet en cours (texte non enregistré comme version)" : `Version ${version.number} — ${version.label}`;
}

/** « Titre 3 », as the editor numbers sections. */
export function sectionLabel(number: number): string {
  return `Titre ${number}`;
}

/** « Article 12 », counted across the whole charter. */
export function articleLabel(number: number): string {
  return `Article ${number}`;
}
