import { Plugin, PluginKey, type Transaction } from "prosemirror-state";
import type { Node as PMNode } from "prosemirror-model";
import { ySyncPluginKey } from "y-prosemirror";
import { isCharterText, withoutForbiddenCharacters } from "../../../server/shared/documentText.js";

/** What the user is told when characters were taken out of what they typed, pasted or dropped. */
export const CHARACTERS_REMOVED_MESSAGE =
  "Des caractères invisibles ou de contrôle (par exemple NUL, ou une inversion du sens d'écriture) ont été retirés du texte : la charte ne peut pas en contenir.";

export const invisibleCharactersKey = new PluginKey("charterInvisibleCharacters");

/**
 * Takes the characters a charter may not hold (controls, lone surrogates,
 * bidi overrides and isolates: see `shared/documentText.ts`) out of every
 * local change, however it came (typing, IME, paste, drop, autocorrect),
 * before y-prosemirror writes it to Yjs: the server would refuse the update
 * and close the connection. Tabs and line breaks become spaces.
 *
 * Changes from Yjs are left alone: every client cleaning the same remote
 * text at once would write the cleaned text several times.
 */
export function invisibleCharactersPlugin(onRemoved?: (message: string) => void): Plugin {
  return new Plugin({
    key: invisibleCharactersKey,
    appendTransaction(transactions, _oldState, newState) {
      const local = transactions.filter((tr) => tr.docChanged && !tr.getMeta(ySyncPluginKey)?.isChangeOrigin && !tr.getMeta(invisibleCharactersKey));
      if (!local.length) return null;
      const dirty = forbiddenTextNodes(newState.doc, changedRanges(transactions, local));
      if (!dirty.length) return null;
      const tr = newState.tr;
      // From the end, so that earlier positions stay valid.
      for (const { pos, node } of dirty.reverse()) {
        const clean = withoutForbiddenCharacters(node.text!);
        if (clean) tr.replaceWith(pos, pos + node.nodeSize, newState.schema.text(clean, node.marks));
        else tr.delete(pos, pos + node.nodeSize);
      }
      onRemoved?.(CHARACTERS_REMOVED_MESSAGE);
      return tr.setMeta(invisibleCharactersKey, true);
    },
  });
}

/** The ranges of the final document that `local` changed (mapped through every later transaction). */
function changedRanges(all: readonly Transaction[], local: readonly Transaction[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (let t = 0; t < all.length; t++) {
    const tr = all[t];
    if (!local.includes(tr)) continue;
    tr.mapping.maps.forEach((map, m) => {
      map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
        let from = newStart;
        let to = newEnd;
        const later = [...tr.mapping.maps.slice(m + 1), ...all.slice(t + 1).flatMap((next) => next.mapping.maps)];
        for (const next of later) {
          from = next.map(from, -1);
          to = next.map(to, 1);
        }
        ranges.push([from, to]);
      });
    });
  }
  return ranges;
}

function forbiddenTextNodes(doc: PMNode, ranges: [number, number][]): { pos: number; node: PMNode }[] {
  const found = new Map<number, PMNode>();
  for (const [from, to] of ranges) {
    doc.nodesBetween(Math.max(0, from), Math.min(doc.content.size, to), (node, pos) => {
      if (node.isText && !isCharterText(node.text!)) found.set(pos, node);
      return true;
    });
  }
  return [...found].sort((a, b) => a[0] - b[0]).map(([pos, node]) => ({ pos, node }));
}
