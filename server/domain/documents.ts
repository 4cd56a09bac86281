import type { Knex } from "knex";
import type { Node as PMNode } from "prosemirror-model";
import * as Y from "yjs";
import { prosemirrorToYDoc, yDocToProsemirrorJSON } from "y-prosemirror";
import { appendDocumentUpdate, loadDocumentUpdates } from "../store/documents.js";

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
  const ydoc = new Y.Doc();
  const updates = await loadDocumentUpdates(db, charterId);
  if (updates.length) Y.applyUpdate(ydoc, Y.mergeUpdates(updates));
  return ydoc;
}

/** The stored draft as ProseMirror JSON. */
export async function readDocumentJSON(db: Knex, charterId: string): Promise<Record<string, unknown>> {
  const ydoc = await loadStoredYDoc(db, charterId);
  const json = yDocToProsemirrorJSON(ydoc, DOCUMENT_FIELD);
  ydoc.destroy();
  return json;
}
