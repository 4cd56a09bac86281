import * as Y from "yjs";
import { relativePositionToAbsolutePosition } from "y-prosemirror";
import type { Node as PMNode } from "prosemirror-model";
import type { Services } from "../services.js";
import { charterSchema as schema } from "../shared/schema.js";
import { decodeAnchorPosition, passageQuote, type CommentAnchor } from "../shared/commentAnchor.js";
import { DOCUMENT_FIELD, loadStoredYDoc, ydocToCharter } from "./documents.js";

/** Where a comment's passage is in the current draft, or why it is nowhere. */
export type PassageLocation =
  | { found: true; from: number; to: number; clauseId: string | null; quote: string }
  | { found: false; reason: "malformed" | "missing" | "empty" };

/**
 * Finds a passage (two Yjs relative positions) in the charter's current
 * draft, the live one if the charter is open: where it is as ProseMirror
 * positions, the clause it starts in (if any) and its text. A position made
 * from edits the server has not received, or from another document, is
 * `missing`; a passage whose text is all gone is `empty`.
 */
export async function locatePassage(services: Services, charterId: string, anchor: CommentAnchor): Promise<PassageLocation> {
  const from = decodeAnchorPosition(anchor.from);
  const to = decodeAnchorPosition(anchor.to);
  if (!from || !to) return { found: false, reason: "malformed" };
  const live = services.liveDocuments.liveDoc(charterId);
  const ydoc = live ?? (await loadStoredYDoc(services.db, charterId));
  try {
    return locateIn(ydoc, from, to);
  } finally {
    if (!live) ydoc.destroy();
  }
}

function locateIn(ydoc: Y.Doc, fromPosition: Y.RelativePosition, toPosition: Y.RelativePosition): PassageLocation {
  const fragment = ydoc.getXmlFragment(DOCUMENT_FIELD);
  const sizes = nodeSizes(fragment);
  const absolute = (position: Y.RelativePosition) => {
    // Decoding a position on a named root type creates that type: only the charter's is looked at.
    if (position.tname != null && position.tname != DOCUMENT_FIELD) return null;
    try {
      return relativePositionToAbsolutePosition(ydoc, fragment, position, sizes as never);
    } catch {
      // A position naming an item of a type the charter does not hold (a map, an array) is no passage.
      return null;
    }
  };
  const from = absolute(fromPosition);
  const to = absolute(toPosition);
  if (from == null || to == null) return { found: false, reason: "missing" };
  const doc = ydocToCharter(ydoc);
  if (from < 0 || to > doc.content.size) return { found: false, reason: "missing" };
  if (from >= to) return { found: false, reason: "empty" };
  const quote = passageQuote(doc.textBetween(from, to, " ", " "));
  if (!quote) return { found: false, reason: "empty" };
  return { found: true, from, to, clauseId: clauseAt(doc, from), quote };
}

/** The clause holding a position, if any. */
function clauseAt(doc: PMNode, pos: number): string | null {
  const $pos = doc.resolve(pos);
  for (let d = $pos.depth; d > 0; d--) if ($pos.node(d).type == schema.nodes.clause) return ($pos.node(d).attrs.id as string | null) ?? null;
  // Right before a clause (its start): the passage begins with it.
  const after = $pos.nodeAfter;
  return after?.type == schema.nodes.clause ? ((after.attrs.id as string | null) ?? null) : null;
}

/**
 * The ProseMirror size of every element of the fragment, which is all that
 * y-prosemirror reads of its type-to-node mapping to turn a relative position
 * into a ProseMirror one.
 */
function nodeSizes(fragment: Y.XmlFragment): Map<Y.XmlElement, { nodeSize: number }> {
  const sizes = new Map<Y.XmlElement, { nodeSize: number }>();
  const visit = (element: Y.XmlElement): number => {
    const type = schema.nodes[element.nodeName];
    let size = 0;
    for (const child of element.toArray()) size += child instanceof Y.XmlElement ? visit(child) : child instanceof Y.XmlText ? child.length : 0;
    const nodeSize = type?.isLeaf ? 1 : size + 2;
    sizes.set(element, { nodeSize });
    return nodeSize;
  };
  for (const child of fragment.toArray()) if (child instanceof Y.XmlElement) visit(child);
  return sizes;
}
