import { randomUUID } from "node:crypto";
import { openDatabase } from "../../server/store/db.js";
import { hashPassword } from "../../server/auth/passwords.js";
import { insertUser } from "../../server/store/users.js";
import { insertMembership } from "../../server/store/memberships.js";
import { DEFAULT_COLLAB_LIMITS } from "../../server/config.js";

const PASSWORD = "bench-editeur-mot-de-passe";

/**
 * Enough editor accounts on a charter for `connections` simulated editors
 * within the per-user connection cap (which stays on in the benchmark), and
 * their access tokens. The server at `url` must run on `dataDir`'s database.
 */
export async function benchEditorTokens(url: string, dataDir: string, charterId: string, connections: number): Promise<string[]> {
  const perUser = DEFAULT_COLLAB_LIMITS.maxConnectionsPerUser - 2;
  const count = Math.ceil(connections / perUser);
  const db = openDatabase({ databaseUrl: null, dataDir });
  const hash = await hashPassword(PASSWORD);
  const emails: string[] = [];
  const at = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const email = `bench.editeur.${i}@example.org`;
    await insertUser(db, { id, email, name: `Rédacteur de test ${i + 1}`, job_title: null, password_hash: hash, organisation_id: null, platform_role: "member", created_at: at });
    await insertMembership(db, { id: randomUUID(), charter_id: charterId, user_id: id, role: "editor", organisation_id: null, created_by: null, created_at: at, updated_at: at });
    emails.push(email);
  }
  await db.destroy();
  const tokens: string[] = [];
  for (const email of emails) {
    const res = await fetch(`${url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
    if (res.status != 200) throw new Error(`Bench login of ${email} failed: ${res.status}`);
    tokens.push((await res.json()).token);
  }
  return tokens;
}

/** A collaboration URL with a fresh single-use ticket, as the browser gets it. */
export async function ticketUrl(url: string, charterId: string, token: string): Promise<string> {
  const res = await fetch(`${url}/api/charters/${charterId}/collab-tickets`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  if (res.status != 201) throw new Error(`No collaboration ticket: ${res.status}`);
  return `${url.replace(/^http/, "ws")}/collab/${charterId}?ticket=${(await res.json()).ticket}`;
}
