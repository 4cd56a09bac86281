import * as Y from "yjs";
import { readClauses, type ClauseRead } from "./clauseReader.js";

// Versions never change, so their clauses are read once and kept for the
// next difference; a few dozen megabytes at most.
const CAPACITY = 16;
const cache = new Map<string, ClauseRead[]>();

/** The clauses of a saved version, from its Yjs state (read once, then from memory). */
export function versionClauses(versionId: string, ystate: Uint8Array): ClauseRead[] {
  const cached = cache.get(versionId);
  if (cached) {
    cache.delete(versionId);
    cache.set(versionId, cached);
    return cached;
  }
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, ystate);
    const clauses = readClauses(doc);
    cache.set(versionId, clauses);
    if (cache.size > CAPACITY) cache.delete(cache.keys().next().value!);
    return clauses;
  } finally {
    doc.destroy();
  }
}
