import type { Knex } from "knex";
import type * as Y from "yjs";
import type { DeleteRanges } from "../../collab/updateFacts.js";

/** Someone credited with a change. */
export interface Author {
  id: string;
  name: string;
  organisation: string | null;
}

/**
 * Who wrote and who deleted what in a charter: the user behind each Yjs
 * client id, and each user's deletions, as the collaboration server
 * recorded them.
 */
export class Authorship {
  private owners = new Map<number, string>();
  /** client → [clock, length, userId], in no particular order. */
  private deletions = new Map<number, [number, number, string][]>();
  private people = new Map<string, Author>();

  /** Loads what the database knows for a charter. */
  static async load(db: Knex, charterId: string): Promise<Authorship> {
    const authorship = new Authorship();
    const [owners, deletions, people] = await Promise.all([
      db("charter_clients").where({ charter_id: charterId }).select("client_id", "user_id"),
      db("charter_deletions").where({ charter_id: charterId }).orderBy("id").select("user_id", "delete_set"),
      db("users")
        .leftJoin("memberships", function () { this.on("memberships.user_id", "users.id").andOnVal("memberships.charter_id", charterId); })
        .leftJoin("organisations", "organisations.id", db.raw("coalesce(memberships.organisation_id, users.organisation_id)"))
        .whereIn("users.id", db("charter_clients").where({ charter_id: charterId }).select("user_id").union(db("charter_deletions").where({ charter_id: charterId }).select("user_id")))
        .select("users.id", "users.name", "organisations.name as organisation"),
    ]);
    for (const o of owners) authorship.owners.set(Number(o.client_id), o.user_id);
    for (const d of deletions) {
      const set = JSON.parse(d.delete_set) as DeleteRanges;
      for (const [client, ranges] of Object.entries(set)) {
        const list = authorship.deletions.get(Number(client)) ?? [];
        for (const [clock, len] of ranges) list.push([clock, len, d.user_id]);
        authorship.deletions.set(Number(client), list);
      }
    }
    for (const p of people) authorship.people.set(p.id, { id: p.id, name: p.name, organisation: p.organisation ?? null });
    return authorship;
  }

  /** Who wrote the item with this id. */
  writer(id: Y.ID | null): Author | null {
    if (!id) return null;
    const user = this.owners.get(id.client);
    return user ? this.people.get(user) ?? null : null;
  }

  /** Who deleted the item with this id (the last recorded deletion covering it). */
  deleter(id: Y.ID | null): Author | null {
    if (!id) return null;
    const list = this.deletions.get(id.client);
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) {
      const [clock, len, user] = list[i];
      if (id.clock >= clock && id.clock < clock + len) return this.people.get(user) ?? null;
    }
    return null;
  }
}

/** Distinct authors, in the order met, without the unknown ones. */
export function distinctAuthors(authors: (Author | null)[]): Author[] {
  const seen = new Map<string, Author>();
  for (const a of authors) if (a && !seen.has(a.id)) seen.set(a.id, a);
  return [...seen.values()];
}
