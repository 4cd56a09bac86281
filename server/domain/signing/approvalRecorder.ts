import { randomUUID } from "node:crypto";
import type { Services } from "../../services.js";
import type { CharterRow, MembershipRow, UserRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { insertDecision } from "../../store/signing.js";
import { getVersion } from "../../store/versions.js";
import { insertComment } from "../../store/comments.js";
import { recordAudit } from "../../store/audit.js";
import { invalidField } from "../../http/errors.js";
import { signatoryOrganisation } from "./signatoryOrganisation.js";
import { lockCurrentRound } from "./lockRound.js";

export interface ApprovalInput {
  decision: "approve" | "request_changes";
  message?: string;
  clauseIds?: string[];
}

/**
 * Records an organisation's decision on the frozen version: approval, or a
 * request for changes, whose message becomes a comment thread on each clause
 * it names. A later decision of the same organisation replaces the earlier
 * one; both stay on record.
 */
export async function approvalRecorder(services: Services, charter: CharterRow, membership: MembershipRow, user: UserRow, input: ApprovalInput, ip: string | null) {
  const organisation = await signatoryOrganisation(services.db, charter.id, membership);
  if (input.decision == "request_changes" && !input.message) throw invalidField("message", "Dites quelles modifications vous demandez.");
  const clauseIds = [...new Set(input.clauseIds ?? [])];
  const at = now();
  const decisionId = randomUUID();
  await services.db.transaction(async (trx) => {
    const round = await lockCurrentRound(trx, charter.id);
    if (clauseIds.length) {
      const version = (await getVersion(trx, charter.id, round.version_id))!;
      const known = clauseIdsOf(JSON.parse(version.document));
      const unknown = clauseIds.find((id) => !known.has(id));
      if (unknown) throw invalidField("clauseIds", "Un des articles désignés n'existe pas dans la version soumise à l'approbation.");
    }
    await insertDecision(trx, {
      id: decisionId, round_id: round.id, charter_id: charter.id, organisation_id: organisation.id, user_id: user.id,
      decision: input.decision, message: input.message ?? null, clause_ids: clauseIds.length ? JSON.stringify(clauseIds) : null, created_at: at,
    });
    // A request for changes is discussed where the text is: one thread per article it names.
    for (const clauseId of input.decision == "request_changes" ? clauseIds : [])
      await insertComment(trx, {
        id: randomUUID(), charter_id: charter.id, clause_id: clauseId, parent_id: null, author_id: user.id,
        body: `Demande de modification (${organisation.name}) : ${input.message}`, created_at: at, updated_at: at, resolved_at: null, resolved_by: null,
        anchor_from: null, anchor_to: null, quote: null,
      });
    await recordAudit(trx, {
      actorId: user.id, charterId: charter.id, action: input.decision == "approve" ? "approval.approved" : "approval.changes_requested",
      subjectType: "version", subjectId: round.version_id, ip,
      details: { organisationId: organisation.id, organisation: organisation.name, versionHash: round.version_hash, message: input.message ?? null, clauseIds },
    });
    await services.events.publish(trx, "topic-changed", { charterId: charter.id, topic: "signatures" });
    if (input.decision == "request_changes" && clauseIds.length) await services.events.publish(trx, "topic-changed", { charterId: charter.id, topic: "comments" });
  });
  return { id: decisionId, organisationId: organisation.id, decision: input.decision, at };
}

/** The ids of the clauses of a version's document (ProseMirror JSON). */
function clauseIdsOf(doc: { type?: string; attrs?: { id?: unknown }; content?: unknown[] }): Set<string> {
  const ids = new Set<string>();
  const walk = (node: typeof doc) => {
    if (node.type == "clause" && typeof node.attrs?.id == "string") ids.add(node.attrs.id);
    for (const child of (node.content ?? []) as (typeof doc)[]) walk(child);
  };
  walk(doc);
  return ids;
}
