import { randomUUID } from "node:crypto";
import { z } from "zod";
import { route } from "../route.js";
import { identifier, text } from "../fields.js";
import { getComment, getCommentView, insertComment, listComments, setCommentResolved, type CommentRow, type CommentView } from "../../store/comments.js";
import { recordAudit } from "../../store/audit.js";
import { now } from "../../store/rows.js";
import { invalidField, notFound } from "../errors.js";
import { charterHasClause } from "../../domain/clauseLookup.js";

const commentBody = z.object({
  clauseId: identifier("Indiquez l'article commenté.", 64),
  body: text({ required: "Écrivez votre commentaire.", max: 5000, maxMessage: "Commentaire trop long (5 000 caractères au plus).", multiline: true }),
  parentId: identifier("Discussion introuvable.").nullish(),
});
const resolveBody = z.object({ resolved: z.boolean({ error: "Indiquez si la discussion est résolue (true ou false)." }) });

function presentComment(c: CommentView) {
  return {
    id: c.id, clauseId: c.clause_id, parentId: c.parent_id, body: c.body, createdAt: c.created_at,
    author: { id: c.author_id, name: c.author_name, organisation: c.organisation },
    resolved: !!c.resolved_at, resolvedAt: c.resolved_at, resolvedBy: c.resolved_by,
  };
}

export const commentRoutes = [
  route({
    method: "get", path: "/charters/:id/comments", tag: "comments", access: { charter: "charter:read" },
    summary: "Comment threads, anchored to clauses by clause id (so they survive edits and moves).",
    responds: "`{threads: [{…comment, replies: [...]}]}`, oldest first.",
    async handle({ services, charter }) {
      const all = (await listComments(services.db, charter!.id)).map(presentComment);
      const threads = all.filter((c) => !c.parentId).map((c) => ({ ...c, replies: all.filter((r) => r.parentId == c.id) }));
      return { body: { threads } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/comments", tag: "comments", access: { charter: "comment:write" }, body: commentBody,
    summary: "Comment on a clause, or reply to a thread (`parentId`). Every member may, readers included.",
    responds: "201 `{comment}`.",
    async handle({ services, charter, auth, body, ip }) {
      let clauseId = body.clauseId;
      if (body.parentId) {
        const parent = await getComment(services.db, charter!.id, body.parentId);
        if (!parent || parent.parent_id) throw invalidField("parentId", "Discussion introuvable.");
        clauseId = parent.clause_id;
      } else if (!(await charterHasClause(services, charter!, clauseId))) throw invalidField("clauseId", "Cet article n'existe pas dans la charte.");
      const at = now();
      const row: CommentRow = {
        id: randomUUID(), charter_id: charter!.id, clause_id: clauseId, parent_id: body.parentId ?? null, author_id: auth!.user.id,
        body: body.body, created_at: at, updated_at: at, resolved_at: null, resolved_by: null,
      };
      await services.db.transaction(async (trx) => {
        await insertComment(trx, row);
        await recordAudit(trx, { actorId: auth!.user.id, charterId: charter!.id, action: "comment.created", subjectType: "comment", subjectId: row.id, ip, details: { clauseId } });
      });
      services.events.emit("topic-changed", { charterId: charter!.id, topic: "comments" });
      const created = (await getCommentView(services.db, charter!.id, row.id))!;
      return { status: 201, body: { comment: presentComment(created) } };
    },
  }),
  route({
    method: "patch", path: "/charters/:id/comments/:commentId", tag: "comments", access: { charter: "comment:resolve" }, body: resolveBody,
    summary: "Resolve or reopen a thread.",
    responds: "`{comment}`.",
    async handle({ services, charter, auth, params, body, ip }) {
      const comment = await getComment(services.db, charter!.id, params.commentId);
      if (!comment) throw notFound("Commentaire");
      if (comment.parent_id) throw invalidField("commentId", "Seule une discussion (pas une réponse) se résout.");
      await services.db.transaction(async (trx) => {
        await setCommentResolved(trx, comment.id, body.resolved ? auth!.user.id : null, now());
        await recordAudit(trx, { actorId: auth!.user.id, charterId: charter!.id, action: body.resolved ? "comment.resolved" : "comment.reopened", subjectType: "comment", subjectId: comment.id, ip });
      });
      services.events.emit("topic-changed", { charterId: charter!.id, topic: "comments" });
      const updated = (await getCommentView(services.db, charter!.id, comment.id))!;
      return { body: { comment: presentComment(updated) } };
    },
  }),
];
