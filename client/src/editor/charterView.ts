import { Node as PMNode } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { charterSchema } from "../../../server/shared/schema.js";
import { numberingPlugin } from "./numbering.js";
import { CommitmentView, type CommitmentContext } from "./commitmentView.js";

/** What the charter view is made from. */
export interface CharterViewOptions {
  /** The document as ProseMirror JSON, in the charter schema. */
  document: unknown;
  /** The charter's signatory organisations, to name the party of each commitment. */
  organisations: readonly { id: string; name: string }[];
  /** Called with each new state (the outline follows the numbering through it). */
  onState?(state: EditorState): void;
  /** Put before the headings' ids, when another view of the charter is on the page (see `anchorId`). */
  anchorPrefix?: string;
}

/**
 * Shows a charter document read-only, from its JSON: the stored text, shown
 * while the live editor (`createCollabView`) cannot be reached, or an earlier
 * version. Throws if the JSON does not fit the charter schema.
 */
export function createCharterView(place: HTMLElement, options: CharterViewOptions): EditorView {
  const doc = PMNode.fromJSON(charterSchema, options.document as Parameters<typeof PMNode.fromJSON>[1]);
  const names = new Map(options.organisations.map((o) => [o.id, o.name]));
  const context: CommitmentContext = { organisationName: (id) => names.get(id) };
  const state = EditorState.create({ doc, plugins: [numberingPlugin({ anchorPrefix: options.anchorPrefix })] });
  const view: EditorView = new EditorView(place, {
    state,
    editable: () => false,
    attributes: { class: "charter-document" },
    nodeViews: { commitment: (node) => new CommitmentView(node, context) },
    dispatchTransaction(tr) {
      const next = view.state.apply(tr);
      view.updateState(next);
      options.onState?.(next);
    },
  });
  options.onState?.(view.state);
  return view;
}
