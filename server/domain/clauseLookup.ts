import type { Services } from "../services.js";
import type { CharterRow } from "../store/rows.js";
import { getVersion } from "../store/versions.js";
import { readDocumentJSON } from "./documents.js";

/**
 * Whether a charter has a clause with this id: in its current draft, or in
 * the version frozen for approval (which signatories comment on while the
 * draft is read-only). Comments are anchored to clause ids, so an id nobody
 * can see would make a thread nobody can find.
 */
export async function charterHasClause(services: Services, charter: Pick<CharterRow, "id" | "frozen_version_id">, clauseId: string): Promise<boolean> {
  if (hasClause(await readDocumentJSON(services, charter.id), clauseId)) return true;
  if (!charter.frozen_version_id) return false;
  const version = await getVersion(services.db, charter.id, charter.frozen_version_id);
  return !!version && hasClause(JSON.parse(version.document), clauseId);
}

interface JsonNode {
  type?: string;
  attrs?: { id?: unknown };
  content?: JsonNode[];
}

/** Clauses live in sections, which live in the document: nothing deeper needs a visit. */
function hasClause(doc: JsonNode, clauseId: string): boolean {
  return (doc.content ?? []).some((section) => section.type == "section" && (section.content ?? []).some((node) => node.type == "clause" && node.attrs?.id === clauseId));
}
