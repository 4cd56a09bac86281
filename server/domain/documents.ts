import type { Knex } from "knex";
import type { Node as PMNode } from "prosemirror-model";
import * as Y from "yjs";
import { prosemirrorToYDoc } from "y-prosemirror";
import type { Services } from "../services.js";
import { yFragmentToCharter } from "../collab/yjsToCharter.js";
import { UpdateLogJoiner } from "../collab/updateLog.js";
import { appendDocumentUpdate, forEachDocumentUpdatePage } from "../store/documents.js";
import { withoutForbiddenCharacters } from "../shared/documentText.js";

/** The name of the Y.XmlFragment that holds the charter in its Y.Doc. */
export const DOCUMENT_FIELD = "prosemirror";

/** The Yjs state of a new draft holding `doc`. */
export function encodeInitialState(doc: PMNode): Uint8Array {
  const ydoc = prosemirrorToYDoc(doc, DOCUMENT_FIELD);
  const update = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return update;
}

/** Stores the first state of a charter's draft. */
export async function storeInitialDocument(db: Knex, charterId: string, doc: PMNode, userId: string): Promise<void> {
  await appendDocumentUpdate(db, charterId, encodeInitialState(doc), userId);
}

/** Rebuilds the stored draft as a Y.Doc. */
export async function loadStoredYDoc(db: Knex, charterId: string): Promise<Y.Doc> {
  return (await readStoredYDoc(db, charterId)).doc;
}

/** Rebuilds the stored draft as a Y.Doc, and tells how many updates its log holds. */
export async function readStoredYDoc(db: Knex, charterId: string): Promise<{ doc: Y.Doc; updates: number }> {
  // Pages are joined as they arrive, while the next is read; Yjs integrates the result at once.
  const log = new UpdateLogJoiner();
  const updates = await forEachDocumentUpdatePage(db, charterId, (page) => { for (const update of page) log.add(update); });
  return { doc: log.load(), updates };
}

/** The charter held by a Y.Doc. */
export function ydocToCharter(ydoc: Y.Doc): PMNode {
  return yFragmentToCharter(ydoc.getXmlFragment(DOCUMENT_FIELD));
}

/** The current draft as ProseMirror JSON: the live one if the charter is open, else the stored one. */
export async function readDocumentJSON(services: Services, charterId: string): Promise<Record<string, unknown>> {
  const live = services.liveDocuments.liveDoc(charterId);
  if (live) return ydocToCharter(live).toJSON();
  const ydoc = await loadStoredYDoc(services.db, charterId);
  try {
    return ydocToCharter(ydoc).toJSON();
  } finally {
    ydoc.destroy();
  }
}

/** A charter's draft at one moment: its Yjs state and its document. */
export interface DraftSnapshot {
  ystate: Uint8Array;
  doc: PMNode;
}

/** The current draft (the live one if open), as a Yjs state and a document. */
export async function draftSnapshot(services: Services, charterId: string): Promise<DraftSnapshot> {
  const live = services.liveDocuments.liveDoc(charterId);
  if (live) return { ystate: Y.encodeStateAsUpdate(live), doc: ydocToCharter(live) };
  const ydoc = await loadStoredYDoc(services.db, charterId);
  try {
    return { ystate: Y.encodeStateAsUpdate(ydoc), doc: ydocToCharter(ydoc) };
  } finally {
    ydoc.destroy();
  }
}

/**
 * Keeps the charter's title (lists, invitations) equal to the title written in
 * its document, which co-authors may edit.
 */
export async function syncCharterTitle(db: Knex, charterId: string, ydoc: Y.Doc): Promise<void> {
  // Stripped: a draft stored before forbidden characters were refused may hold a NUL, which PostgreSQL refuses.
  const title = withoutForbiddenCharacters(ydocToCharter(ydoc).firstChild?.textContent ?? "").trim().slice(0, 300);
  if (title) await db("charters").where({ id: charterId }).whereNot({ title }).update({ title, updated_at: new Date().toISOString() });
}
