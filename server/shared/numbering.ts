import type { Node as PMNode } from "prosemirror-model";

/** The derived number of a section or clause, and where it sits. */
export interface NumberedEntry {
  kind: "section" | "clause";
  /** 1-based section number, or article number counted across the whole charter. */
  number: number;
  /** Position of the node in the document. */
  pos: number;
  /** The clause's id (clauses only). */
  id: string | null;
  /** The heading's text. */
  heading: string;
}

/**
 * Numbers sections (1, 2, …) and articles (1, 2, … across the whole charter,
 * as French charters do). Numbers are derived from the order of the nodes each
 * time and never stored, so moving a clause renumbers everything after it.
 */
export function numberCharter(doc: PMNode): NumberedEntry[] {
  const entries: NumberedEntry[] = [];
  let section = 0;
  let article = 0;
  doc.forEach((node, offset) => {
    if (node.type.name != "section") return;
    section++;
    entries.push({ kind: "section", number: section, pos: offset, id: null, heading: node.firstChild?.textContent ?? "" });
    node.forEach((child, childOffset) => {
      if (child.type.name != "clause") return;
      article++;
      entries.push({
        kind: "clause",
        number: article,
        pos: offset + 1 + childOffset,
        id: child.attrs.id,
        heading: child.firstChild?.textContent ?? "",
      });
    });
  });
  return entries;
}
