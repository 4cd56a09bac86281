import * as Y from "yjs";
import { readDocument, type DocumentRead } from "./documentReader.js";

// Versions never change, so their reading is done once and kept for the
// next difference; a few dozen megabytes at most.
const CAPACITY = 16;
const cache = new Map<string, DocumentRead>();

/** A saved version read from its Yjs state (read once, then from memory). */
export function versionDocument(versionId: string, ystate: Uint8Array): DocumentRead {
  const cached = cache.get(versionId);
  if (cached) {
    cache.delete(versionId);
    cache.set(versionId, cached);
    return cached;
  }
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, ystate);
    const read = readDocument(doc);
    cache.set(versionId, read);
    if (cache.size > CAPACITY) cache.delete(cache.keys().next().value!);
    return read;
  } finally {
    doc.destroy();
  }
}
