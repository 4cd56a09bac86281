import type * as Y from "yjs";
import { readDocument, type ClauseRead } from "./documentReader.js";

export type { ClauseRead, CommitmentRead } from "./documentReader.js";
export { idsIn, type IdentifiedText, type IdRun } from "./identifiedText.js";

/** Reads every clause of a charter's Y.Doc, in order, with the identity of each character. */
export function readClauses(doc: Y.Doc): ClauseRead[] {
  return readDocument(doc).clauses;
}
