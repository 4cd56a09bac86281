import * as Y from "yjs";
import { DOCUMENT_FIELD } from "../documents.js";

/** A run of characters written in one go: `len` units from offset `at`, ids `clock`… of `client`. */
export interface IdRun {
  at: number;
  len: number;
  client: number;
  clock: number;
}

/** Text with the Yjs identity of its characters, as runs (separators have none). */
export interface IdentifiedText {
  text: string;
  runs: IdRun[];
}

/** A commitment as read from a Y.Doc. */
export interface CommitmentRead {
  id: string;
  party: string | null;
  due: string | null;
  indicator: string | null;
  text: IdentifiedText;
  /** Id of the Yjs item that holds the commitment element. */
  itemId: Y.ID | null;
  /** Ids of the Yjs items holding the current value of each attribute: who set it. */
  attrItemIds: Record<string, Y.ID | null>;
}

/** A clause as read from a Y.Doc: what a difference compares. */
export interface ClauseRead {
  id: string;
  /** Article number (1-based across the charter), derived from the order. */
  number: number;
  section: string;
  heading: IdentifiedText;
  /** The clause's paragraphs and lists (commitments apart), blocks separated by a line break. */
  body: IdentifiedText;
  commitments: CommitmentRead[];
  itemId: Y.ID | null;
}

/** Reads every clause of a charter's Y.Doc, in order, with the identity of each character. */
export function readClauses(doc: Y.Doc): ClauseRead[] {
  const clauses: ClauseRead[] = [];
  for (const section of doc.getXmlFragment(DOCUMENT_FIELD).toArray()) {
    if (!(section instanceof Y.XmlElement) || section.nodeName != "section") continue;
    let sectionTitle = "";
    for (const child of section.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName == "section_heading") sectionTitle = textOf(child).text;
      if (child.nodeName != "clause") continue;
      const heading = empty();
      const body = empty();
      const commitments: CommitmentRead[] = [];
      for (const part of child.toArray()) {
        if (!(part instanceof Y.XmlElement)) continue;
        if (part.nodeName == "clause_heading") append(heading, textOf(part));
        else if (part.nodeName == "commitment") {
          const attrs = part.getAttributes() as Record<string, string | undefined>;
          commitments.push({
            id: String(attrs.id ?? ""), party: attrs.party ?? null, due: attrs.due ?? null, indicator: attrs.indicator ?? null,
            text: textOf(part), itemId: part._item?.id ?? null,
            attrItemIds: Object.fromEntries(["party", "due", "indicator"].map((k) => [k, part._map.get(k)?.id ?? null])),
          });
        } else {
          if (body.text) separator(body, "\n");
          append(body, textOf(part));
        }
      }
      clauses.push({
        id: String(child.getAttribute("id") ?? ""), number: clauses.length + 1, section: sectionTitle,
        heading, body, commitments, itemId: child._item?.id ?? null,
      });
    }
  }
  return clauses;
}

/** The text under an element, block boundaries as line breaks, with each character's item id. */
function textOf(element: Y.XmlElement): IdentifiedText {
  const out = empty();
  const walk = (el: Y.XmlElement) => {
    let first = true;
    for (const child of el.toArray()) {
      if (child instanceof Y.XmlText) appendText(out, child);
      else if (child instanceof Y.XmlElement) {
        if (child.nodeName == "hard_break") separator(out, "\n", child._item?.id ?? null);
        else {
          if (!first && out.text) separator(out, "\n");
          walk(child);
        }
      }
      first = false;
    }
  };
  walk(element);
  return out;
}

function appendText(out: IdentifiedText, text: Y.XmlText): void {
  for (let item = text._start; item; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentString) {
      out.runs.push({ at: out.text.length, len: content.str.length, client: item.id.client, clock: item.id.clock });
      out.text += content.str;
    } else if (content instanceof Y.ContentEmbed) {
      out.runs.push({ at: out.text.length, len: 1, client: item.id.client, clock: item.id.clock });
      out.text += "\uFFFC";
    }
  }
}

const empty = (): IdentifiedText => ({ text: "", runs: [] });

function append(out: IdentifiedText, more: IdentifiedText): void {
  const shift = out.text.length;
  for (const run of more.runs) out.runs.push({ ...run, at: run.at + shift });
  out.text += more.text;
}

function separator(out: IdentifiedText, char: string, id: Y.ID | null = null): void {
  if (id) out.runs.push({ at: out.text.length, len: char.length, client: id.client, clock: id.clock });
  out.text += char;
}

/** The ids of the characters in [start, end), one per run piece (runs are in offset order). */
export function idsIn(text: IdentifiedText, start: number, end: number): Y.ID[] {
  const out: Y.ID[] = [];
  for (const run of text.runs) {
    if (run.at + run.len <= start) continue;
    if (run.at >= end) break;
    out.push(Y.createID(run.client, run.clock + Math.max(0, start - run.at)));
  }
  return out;
}
