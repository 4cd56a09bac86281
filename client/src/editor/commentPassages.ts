import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { Mapping } from "prosemirror-transform";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "y-prosemirror";
import { decodeAnchorPosition, encodeAnchorPosition, passageQuote, type CommentAnchor } from "../../../server/shared/commentAnchor.js";
import { ancestorDepth } from "./structure.js";

/*
 * The commented passages of the text: where each thread's passage is now
 * (its Yjs relative positions read against the shared document), shown as
 * decorations (`data-comment-thread`, which the margin markers look for),
 * the active one highlighted; and the passage the user selects to comment.
 */

/** A thread on a passage, as the editor shows it. */
export interface PassageAnchor {
  id: string;
  anchor: CommentAnchor;
  resolved: boolean;
}

/** A passage about to be commented: its anchor, its text, and the clause it starts in. */
export interface Passage {
  anchor: CommentAnchor;
  quote: string;
  clauseId: string | null;
}

/** Where each thread's passage starts now, or null when its text is all gone (« passage supprimé »). */
export type PassagePlaces = ReadonlyMap<string, number | null>;

interface PassagesState {
  anchors: readonly PassageAnchor[];
  active: string | null;
  ranges: Map<string, { from: number; to: number } | null>;
  decorations: DecorationSet;
}

type PassagesMeta = { anchors?: readonly PassageAnchor[]; active?: string | null; recompute?: true };

/** The plugin's key, to read where passages are. */
export const commentPassagesKey = new PluginKey<PassagesState>("commentPassages");

/** A transaction that shows these threads' passages, and highlights `active` (a thread id, or null). */
export function setCommentPassages(tr: Transaction, anchors: readonly PassageAnchor[], active: string | null): Transaction {
  return tr.setMeta(commentPassagesKey, { anchors, active } satisfies PassagesMeta);
}

/**
 * Shows the commented passages. Between two edits, decorations follow the
 * text through ProseMirror's mapping; once an edit has reached the Y.Doc
 * (right after each update) they are read again from the relative positions,
 * which are what the server and every other browser go by. `onPlaces` hears
 * where passages start whenever that changes.
 */
export function commentPassagesPlugin(onPlaces?: (places: PassagePlaces) => void): Plugin<PassagesState> {
  return new Plugin<PassagesState>({
    key: commentPassagesKey,
    state: {
      init: (_config, state) => build(state, [], null),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(commentPassagesKey) as PassagesMeta | undefined;
        const remote = !!tr.getMeta(ySyncPluginKey)?.isChangeOrigin;
        if (meta || (remote && value.anchors.length)) return build(state, meta?.anchors ?? value.anchors, meta?.active !== undefined ? meta.active : value.active);
        if (!tr.docChanged) return value;
        return { ...value, ranges: mapRanges(value.ranges, tr.mapping), decorations: value.decorations.map(tr.mapping, tr.doc) };
      },
    },
    view(view) {
      let scheduled = 0;
      let lastPlaces = "";
      const report = (state: EditorState) => {
        const places = passagePlaces(state);
        const key = JSON.stringify([...places]);
        if (key != lastPlaces) {
          lastPlaces = key;
          onPlaces?.(places);
        }
      };
      report(view.state);
      return {
        update(view, previous) {
          report(view.state);
          if (previous.doc == view.state.doc || !commentPassagesKey.getState(view.state)!.anchors.length || scheduled) return;
          // The sync plugin wrote this edit to the Y.Doc in its own update, just before: read the positions again after it.
          scheduled = requestAnimationFrame(() => {
            scheduled = 0;
            if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentPassagesKey, { recompute: true } satisfies PassagesMeta));
          });
        },
        destroy() {
          if (scheduled) cancelAnimationFrame(scheduled);
        },
      };
    },
    props: {
      decorations: (state) => commentPassagesKey.getState(state)!.decorations,
    },
  });
}

/** The passages' places, as last computed. */
export function passagePlaces(state: EditorState): PassagePlaces {
  const ranges = commentPassagesKey.getState(state)?.ranges ?? new Map();
  return new Map([...ranges].map(([id, range]) => [id, range && range.from < range.to ? range.from : null]));
}

function build(state: EditorState, anchors: readonly PassageAnchor[], active: string | null): PassagesState {
  const binding = ySyncPluginKey.getState(state)?.binding;
  const ranges = new Map<string, { from: number; to: number } | null>();
  const decorations: Decoration[] = [];
  for (const thread of anchors) {
    const range = binding ? locate(binding, thread.anchor, state.doc.content.size) : null;
    ranges.set(thread.id, range);
    if (!range || range.from >= range.to) continue;
    const classes = ["comment-passage"];
    if (thread.resolved) classes.push("comment-passage-resolved");
    if (thread.id == active) classes.push("comment-passage-active");
    decorations.push(Decoration.inline(range.from, range.to, { class: classes.join(" "), "data-comment-thread": thread.id }, { inclusiveEnd: true, thread: thread.id }));
  }
  return { anchors, active, ranges, decorations: DecorationSet.create(state.doc, decorations) };
}

type Binding = NonNullable<ReturnType<typeof ySyncPluginKey.getState>>["binding"];

function locate(binding: Binding, anchor: CommentAnchor, size: number): { from: number; to: number } | null {
  const absolute = (encoded: string) => {
    const position = decodeAnchorPosition(encoded);
    if (!position) return null;
    try {
      const pos = relativePositionToAbsolutePosition(binding.doc, binding.type, position, binding.mapping);
      return pos == null ? null : Math.max(0, Math.min(size, pos));
    } catch {
      return null;
    }
  };
  const from = absolute(anchor.from);
  const to = absolute(anchor.to);
  return from == null || to == null ? null : { from, to: Math.max(from, to) };
}

function mapRanges(ranges: PassagesState["ranges"], mapping: Mapping): PassagesState["ranges"] {
  const out: PassagesState["ranges"] = new Map();
  for (const [id, range] of ranges) {
    if (!range) out.set(id, null);
    else {
      const from = mapping.map(range.from, 1);
      out.set(id, { from, to: Math.max(from, mapping.map(range.to, 1)) });
    }
  }
  return out;
}

/**
 * The passage to comment for the current selection: the selected text, or,
 * with no selection outside articles, the whole block holding the cursor
 * (title, preamble, a section's heading or introduction). Null when there is
 * nothing to anchor to: no selection inside an article (the article itself
 * is commented), or an empty block.
 */
export function passageToComment(state: EditorState): Passage | null {
  const binding = ySyncPluginKey.getState(state)?.binding;
  if (!binding) return null;
  const { selection } = state;
  let { from, to } = selection;
  if (selection.empty) {
    const { $from } = selection;
    if (ancestorDepth($from, "clause") > 0 || !$from.parent.isTextblock) return null;
    from = $from.start();
    to = $from.end();
  }
  const quote = passageQuote(state.doc.textBetween(from, to, " ", " "));
  if (!quote) return null;
  const relative = (pos: number) => encodeAnchorPosition(absolutePositionToRelativePosition(pos, binding.type, binding.mapping));
  const $from = state.doc.resolve(from);
  const clause = ancestorDepth($from, "clause");
  const clauseId = clause > 0 ? (($from.node(clause).attrs.id as string | null) ?? null) : ($from.nodeAfter?.type.name == "clause" ? ($from.nodeAfter.attrs.id as string | null) : null);
  return { anchor: { from: relative(from), to: relative(to) }, quote, clauseId };
}
