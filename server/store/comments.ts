import type { Knex } from "knex";

export interface CommentRow {
  id: string;
  charter_id: string;
  /** The clause commented, or the one the passage starts in; null for a passage outside clauses. */
  clause_id: string | null;
  /** The passage commented (Yjs relative positions, base64), for threads on a passage rather than a whole clause. */
  anchor_from: string | null;
  anchor_to: string | null;
  /** The passage's text when it was commented, cut to `MAX_QUOTE_LENGTH`. */
  quote: string | null;
  parent_id: string | null;
  author_id: string;
  body: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export async function insertComment(db: Knex, row: CommentRow): Promise<void> {
  await db("comments").insert(row);
}

export function getComment(db: Knex, charterId: string, id: string): Promise<CommentRow | undefined> {
  return db<CommentRow>("comments").where({ charter_id: charterId, id }).first();
}

/** A comment with its author's name and organisation, for presenting it. */
export type CommentView = CommentRow & { author_name: string; organisation: string | null };

/** Every comment of a charter, oldest first, with its author's name and organisation. */
export function listComments(db: Knex, charterId: string): Promise<CommentView[]> {
  return commentViews(db, charterId);
}

/** One comment, as `listComments` shows it. */
export async function getCommentView(db: Knex, charterId: string, id: string): Promise<CommentView | undefined> {
  return (await commentViews(db, charterId).where("comments.id", id))[0];
}

function commentViews(db: Knex, charterId: string): Knex.QueryBuilder {
  return db("comments")
    .join("users", "users.id", "comments.author_id")
    .leftJoin("memberships", function () { this.on("memberships.user_id", "comments.author_id").andOn("memberships.charter_id", "comments.charter_id"); })
    .leftJoin("organisations", "organisations.id", db.raw("coalesce(memberships.organisation_id, users.organisation_id)"))
    .where("comments.charter_id", charterId)
    .orderBy([{ column: "comments.created_at" }, { column: "comments.id" }])
    .select("comments.*", "users.name as author_name", "organisations.name as organisation");
}

export async function setCommentResolved(db: Knex, id: string, resolvedBy: string | null, at: string): Promise<void> {
  await db("comments").where({ id }).update({ resolved_at: resolvedBy ? at : null, resolved_by: resolvedBy, updated_at: at });
}
