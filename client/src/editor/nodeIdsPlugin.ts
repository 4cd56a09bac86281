import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { Mapping } from "prosemirror-transform";
import { ySyncPluginKey } from "y-prosemirror";
import { newNodeId } from "../../../server/shared/ids.js";
import { repairNodeIds } from "./nodeIds.js";

/** Counts the repairs of changes that came from Yjs, which still have to be written back to it. */
export const nodeIdsKey = new PluginKey<number>("charterNodeIds");

/**
 * Keeps every clause and commitment id present and unique through edits,
 * moves, undo and remote changes (see `repairNodeIds`).
 *
 * Local edits are repaired in the same update, with random ids, the node
 * that existed before keeping its id. Changes from Yjs (remote edits, undo)
 * come as a replacement of the whole document, so their repair is the
 * deterministic one, which every client computes alike; y-prosemirror does
 * not write to Yjs while it applies a Yjs change, so the repair is written
 * back by an empty update right after.
 */
export function nodeIdsPlugin(): Plugin<number> {
  return new Plugin<number>({
    key: nodeIdsKey,
    state: {
      init: () => 0,
      apply: (tr, count) => (tr.getMeta(nodeIdsKey) == "remote" ? count + 1 : count),
    },
    appendTransaction(transactions, oldState, newState) {
      if (!transactions.some((tr) => tr.docChanged)) return null;
      return repairTransaction(newState, transactions.some(isFromYjs) ? null : { oldState, transactions });
    },
    view(view) {
      let written = nodeIdsKey.getState(view.state)!;
      let timer: ReturnType<typeof setTimeout> | null = null;
      return {
        update() {
          const count = nodeIdsKey.getState(view.state)!;
          if (count == written || timer) return;
          timer = setTimeout(() => {
            timer = null;
            written = nodeIdsKey.getState(view.state)!;
            // Read-only clients repair what they show but have nothing to write.
            if (view.editable) view.dispatch(view.state.tr.setMeta("addToHistory", false));
          }, 0);
        },
        destroy() {
          if (timer) clearTimeout(timer);
        },
      };
    },
  });
}

/** The ids of a whole document made unique, as after a remote change (for a document just loaded). */
export function repairAllIds(state: EditorState): Transaction | null {
  return repairTransaction(state, null);
}

function repairTransaction(state: EditorState, local: { oldState: EditorState; transactions: readonly Transaction[] } | null): Transaction | null {
  let options = {};
  if (local) {
    const mapping = new Mapping();
    for (const tr of local.transactions) mapping.appendMapping(tr.mapping);
    options = { before: { doc: local.oldState.doc, mapping }, newId: newNodeId };
  }
  const changes = repairNodeIds(state.doc, options);
  if (!changes.length) return null;
  const tr = state.tr;
  for (const { pos, id } of changes) tr.setNodeAttribute(pos, "id", id);
  // A local repair belongs to the edit that needed it (one undo step); a remote one to nobody.
  if (!local) tr.setMeta(nodeIdsKey, "remote").setMeta("addToHistory", false);
  return tr;
}

function isFromYjs(tr: Transaction): boolean {
  return !!tr.getMeta(ySyncPluginKey)?.isChangeOrigin;
}
