import { randomUUID } from "node:crypto";
import { z } from "zod";
import { route } from "../route.js";
import { identifier, text } from "../fields.js";
import { getComment, getCommentView, insertComment, listComments, setCommentResolved, type CommentRow, type CommentView } from "../../store/comments.js";
import { recordAudit } from "../../store/audit.js";
import { now } from "../../store/rows.js";
import { forbidden, invalidField, notFound } from "../errors.js";
import { charterHasClause } from "../../domain/clauseLookup.js";
import { locatePassage } from "../../domain/passageLocator.js";
import { canResolveThread, type CharterContext } from "../../domain/policy.js";
import { MAX_ANCHOR_POSITION_LENGTH } from "../../shared/commentAnchor.js";

const anchorPosition = z.string({ error: "Passage commenté mal formé." }).max(MAX_ANCHOR_POSITION_LENGTH, "Passage commenté mal formé.");

const commentBody = z.object({
  clauseId: identifier("Indiquez l'article commenté.", 64).nullish(),
  anchor: z.object({ from: anchorPosition, to: anchorPosition }, { error: "Passage commenté mal formé." }).nullish(),
  body: text({ required: "Écrivez votre commentaire.", max: 5000, maxMessage: "Commentaire trop long (5 000 caractères au plus).", multiline: true }),
  parentId: identifier("Discussion introuvable.").nullish(),
});
const resolveBody = z.object({ resolved: z.boolean({ error: "Indiquez si la discussion est résolue (true ou false)." }) });

const PASSAGE_PROBLEMS = {
  malformed: "Passage commenté mal formé.",
  missing: "Ce passage n'existe pas (ou plus) dans la charte : sélectionnez-le de nouveau.",
  empty: "Sélectionnez un passage qui contient du texte.",
};

/** A comment as the API shows it; `canResolve` is the policy's answer for the one asking (threads only). */
function presentComment(c: CommentView, viewer: { id: string; charter: CharterContext }) {
  return {
    id: c.id, clauseId: c.clause_id, parentId: c.parent_id, body: c.body, createdAt: c.created_at,
    anchor: c.anchor_from && c.anchor_to ? { from: c.anchor_from, to: c.anchor_to } : null, quote: c.quote,
    author: { id: c.author_id, name: c.author_name, organisation: c.organisation },
    resolved: !!c.resolved_at, resolvedAt: c.resolved_at, resolvedBy: c.resolved_by,
    canResolve: !c.parent_id && canResolveThread(viewer.charter, viewer.id, c.author_id),
  };
}

type Viewer = Parameters<typeof presentComment>[1];

export const commentRoutes = [
  route({
    method: "get", path: "/charters/:id/comments", tag: "comments", access: { charter: "charter:read" },
    summary: "Comment threads, anchored to clauses by clause id (so they survive edits and moves), or to a passage by two Yjs relative positions (`anchor`, base64) with the passage's `quote`.",
    responds: "`{threads: [{…comment, canResolve, replies: [...]}]}`, oldest first.",
    async handle({ services, charter, membership, auth }) {
      const viewer = viewerOf(auth!.user.id, charter!, membership!);
      const all = (await listComments(services.db, charter!.id)).map((c) => presentComment(c, viewer));
      const threads = all.filter((c) => !c.parentId).map((c) => ({ ...c, replies: all.filter((r) => r.parentId == c.id) }));
      return { body: { threads } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/comments", tag: "comments", access: { charter: "comment:write" }, body: commentBody,
    summary:
      "Comment on a clause (`clauseId`), on a passage of any block (`anchor`: Yjs relative positions made against the live draft, " +
      "once the edits before them are stored), or reply to a thread (`parentId`). Every member may, readers included.",
    responds: "201 `{comment}`.",
    async handle({ services, charter, membership, auth, body, ip }) {
      let clauseId = body.clauseId ?? null;
      let anchor: { from: string; to: string } | null = null;
      let quote: string | null = null;
      if (body.parentId) {
        const parent = await getComment(services.db, charter!.id, body.parentId);
        if (!parent || parent.parent_id) throw invalidField("parentId", "Discussion introuvable.");
        clauseId = parent.clause_id;
      } else if (body.anchor) {
        const passage = await locatePassage(services, charter!.id, body.anchor);
        if (!passage.found) throw invalidField("anchor", PASSAGE_PROBLEMS[passage.reason]);
        if (clauseId && clauseId != passage.clauseId) throw invalidField("clauseId", "Le passage commenté n'est pas dans cet article.");
        ({ clauseId, quote } = passage);
        anchor = body.anchor;
      } else if (!clauseId) throw invalidField("clauseId", "Indiquez l'article ou le passage commenté.");
      else if (!(await charterHasClause(services, charter!, clauseId))) throw invalidField("clauseId", "Cet article n'existe pas dans la charte.");
      const at = now();
      const row: CommentRow = {
        id: randomUUID(), charter_id: charter!.id, clause_id: clauseId, parent_id: body.parentId ?? null, author_id: auth!.user.id,
        anchor_from: anchor?.from ?? null, anchor_to: anchor?.to ?? null, quote,
        body: body.body, created_at: at, updated_at: at, resolved_at: null, resolved_by: null,
      };
      await services.db.transaction(async (trx) => {
        await insertComment(trx, row);
        await recordAudit(trx, { actorId: auth!.user.id, charterId: charter!.id, action: "comment.created", subjectType: "comment", subjectId: row.id, ip, details: { clauseId, passage: !!anchor } });
        await services.events.publish(trx, "topic-changed", { charterId: charter!.id, topic: "comments" });
      });
      const created = (await getCommentView(services.db, charter!.id, row.id))!;
      return { status: 201, body: { comment: presentComment(created, viewerOf(auth!.user.id, charter!, membership!)) } };
    },
  }),
  route({
    // Any member reaches the handler: whether this one may resolve this thread depends on who started it.
    method: "patch", path: "/charters/:id/comments/:commentId", tag: "comments", access: { charter: "comment:write" }, body: resolveBody,
    summary: "Resolve or reopen a thread: pilots and editors any thread, other members the threads they started (403 otherwise).",
    responds: "`{comment}`.",
    async handle({ services, charter, membership, auth, params, body, ip }) {
      const comment = await getComment(services.db, charter!.id, params.commentId);
      if (!comment) throw notFound("Commentaire");
      if (comment.parent_id) throw invalidField("commentId", "Seule une discussion (pas une réponse) se résout.");
      const viewer = viewerOf(auth!.user.id, charter!, membership!);
      if (!canResolveThread(viewer.charter, viewer.id, comment.author_id))
        throw forbidden("Seuls l'auteur de la discussion, les pilotes et les rédacteurs peuvent la résoudre ou la rouvrir.");
      await services.db.transaction(async (trx) => {
        await setCommentResolved(trx, comment.id, body.resolved ? auth!.user.id : null, now());
        await recordAudit(trx, { actorId: auth!.user.id, charterId: charter!.id, action: body.resolved ? "comment.resolved" : "comment.reopened", subjectType: "comment", subjectId: comment.id, ip });
        await services.events.publish(trx, "topic-changed", { charterId: charter!.id, topic: "comments" });
      });
      const updated = (await getCommentView(services.db, charter!.id, comment.id))!;
      return { body: { comment: presentComment(updated, viewer) } };
    },
  }),
];

function viewerOf(userId: string, charter: { state: CharterContext["state"] }, membership: { role: CharterContext["role"] }): Viewer {
  return { id: userId, charter: { state: charter.state, role: membership.role } };
}
