import { EditorState } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { keymap } from "prosemirror-keymap";
import { baseKeymap } from "prosemirror-commands";
import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import { initProseMirrorDoc, yCursorPlugin, ySyncPlugin, yUndoPlugin } from "y-prosemirror";
import { charterSchema } from "../../../server/shared/schema.js";
import { numberingPlugin } from "./numbering.js";
import { nodeIdsPlugin, repairAllIds } from "./nodeIdsPlugin.js";
import { placeholderPlugin } from "./placeholder.js";
import { templatePlaceholdersPlugin } from "./templatePlaceholders.js";
import { invisibleCharactersPlugin } from "./invisibleCharacters.js";
import { headingFocusPlugin } from "./headingFocus.js";
import { tabLeavesPlugin } from "./tabLeaves.js";
import { charterKeymap, type KeymapActions } from "./keymap.js";
import { remoteCursor, remoteSelection } from "./cursors.js";
import { CommitmentView, type CommitmentContext } from "./commitmentView.js";
import { commentPassagesPlugin, type PassagePlaces } from "./commentPassages.js";
import { normalizePastedHTML } from "./pastedHtml.js";
import { largeDeletionGuard } from "./largeDeletion.js";

/** What the collaborative editor is made from. */
export interface CollabViewOptions {
  /** The Yjs fragment holding the charter; it must already hold it (never mount on an empty one). */
  fragment: Y.XmlFragment;
  /** Presence of everyone in the document, for remote cursors. */
  awareness: Awareness;
  /** Names organisations and opens the commitment form. */
  commitments: CommitmentContext;
  /** Shortcuts that open forms. */
  actions: KeymapActions;
  /** Whether the user may edit now; asked again on `view.setProps({})`. */
  editable(): boolean;
  /** Called with each new state (toolbar, outline). */
  onState?(state: EditorState): void;
  /** The id of the element describing the editor's keys (Tab, Escape). */
  describedBy?: string;
  /** Called with a French message when characters a charter may not hold were taken out of the user's input. */
  onCharactersRemoved?(message: string): void;
  /** Called with where commented passages start whenever that changes. */
  onPassagePlaces?(places: PassagePlaces): void;
}

/**
 * The collaborative charter editor: a ProseMirror view bound to the Yjs
 * fragment, with remote cursors, per-user undo, the charter's numbering,
 * stable clause and commitment ids, and its shortcuts.
 *
 * The first document is read from the fragment (with y-prosemirror's
 * mapping) rather than rendered empty and then filled: an editor mounted on
 * an empty document would write that empty charter into the shared one.
 */
export function createCollabView(place: HTMLElement, options: CollabViewOptions): EditorView {
  if (options.fragment.length == 0) throw new RangeError("The charter's Yjs fragment is empty: wait for the server's or this device's copy before creating the editor");
  const { doc, mapping } = initProseMirrorDoc(options.fragment, charterSchema);
  const state = EditorState.create({
    doc,
    plugins: [
      // y-prosemirror's undo plugin reads the sync plugin's state: this order.
      ySyncPlugin(options.fragment, { mapping }),
      yCursorPlugin(options.awareness, { cursorBuilder: remoteCursor, selectionBuilder: remoteSelection }),
      yUndoPlugin(),
      tabLeavesPlugin(),
      keymap(charterKeymap(options.actions)),
      keymap(baseKeymap),
      numberingPlugin(),
      nodeIdsPlugin(),
      invisibleCharactersPlugin((message) => options.onCharactersRemoved?.(message)),
      placeholderPlugin(),
      templatePlaceholdersPlugin(),
      headingFocusPlugin(),
      ...(options.actions.confirmDeletion ? [largeDeletionGuard(options.actions.confirmDeletion)] : []),
      // After the sync plugin: its view writes each edit to the Y.Doc, which this one reads positions from.
      commentPassagesPlugin((places) => options.onPassagePlaces?.(places)),
    ],
  });
  const view: EditorView = new EditorView(place, {
    state,
    editable: () => options.editable(),
    // A text field while it can be typed in; read-only, plain content inside the page's labelled region
    // (a name on a generic element is not allowed, and a read-only text field would hide its structure).
    attributes: (): Record<string, string> =>
      options.editable()
        ? {
            class: "charter-document", role: "textbox", "aria-multiline": "true", "aria-label": "Texte de la charte", spellcheck: "true", lang: "fr",
            ...(options.describedBy ? { "aria-describedby": options.describedBy } : {}),
          }
        : { class: "charter-document", lang: "fr" },
    nodeViews: { commitment: (node) => new CommitmentView(node, options.commitments) },
    // Word and LibreOffice headings, tables and lists arrive as separate paragraphs and lists.
    transformPastedHTML: normalizePastedHTML,
    dispatchTransaction(tr) {
      const next = view.state.apply(tr);
      view.updateState(next);
      options.onState?.(next);
    },
  });
  // A document may come with missing or duplicated ids (older clients, concurrent pastes).
  const repair = repairAllIds(view.state);
  if (repair) view.dispatch(repair);
  options.onState?.(view.state);
  return view;
}
