import { Plugin, PluginKey } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { Node as PMNode } from "prosemirror-model";

const TEXTS: Record<string, string> = {
  section_heading: "Intitulé du titre",
  clause_heading: "Intitulé de l'article",
  commitment: "Texte de l'engagement",
};

const placeholderKey = new PluginKey<DecorationSet>("charterPlaceholder");

/**
 * Says what goes in an empty heading, commitment, or in the empty first
 * paragraph of an article, in grey where the text will be. Only a visual
 * hint: hidden from assistive technologies (the heading's number already
 * names it) and from read-only views (see styles.css).
 */
export function placeholderPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: placeholderKey,
    state: {
      init: (_config, state) => placeholders(state.doc),
      apply: (tr, value) => (tr.docChanged ? placeholders(tr.doc) : value),
    },
    props: {
      decorations: (state) => placeholderKey.getState(state),
    },
  });
}

function placeholders(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, pos, parent, index) => {
    if (node.isTextblock) {
      if (node.content.size == 0) {
        const text = TEXTS[node.type.name] ?? (node.type.name == "paragraph" && parent?.type.name == "clause" && index == 1 ? "Texte de l'article" : null);
        if (text) decorations.push(Decoration.widget(pos + 1, () => hint(text), { side: 1, key: text, ignoreSelection: true }));
      }
      return false;
    }
    return true;
  });
  return DecorationSet.create(doc, decorations);
}

function hint(text: string): HTMLElement {
  const span = document.createElement("span");
  span.className = "placeholder";
  span.contentEditable = "false";
  span.setAttribute("aria-hidden", "true");
  span.textContent = text;
  return span;
}
