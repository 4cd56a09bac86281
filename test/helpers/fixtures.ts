import { randomUUID } from "node:crypto";
import type { TestServer } from "./testServer.js";
import { insertUser } from "../../server/store/users.js";
import { insertMembership } from "../../server/store/memberships.js";
import { hashPassword } from "../../server/auth/passwords.js";
import { invitationCreator } from "../../server/domain/commands/invitations.js";
import { getCharter } from "../../server/store/charters.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";
import type { Role } from "../../server/shared/roles.js";

let demoHash: Promise<string> | null = null;

/** Adds a user (password `charte-demo`), optionally as a member of a charter. */
export async function addUser(server: TestServer, options: { charterId?: string; role?: Role; email?: string } = {}) {
  const { db } = server.services;
  const id = randomUUID();
  const email = options.email ?? `user-${id.slice(0, 8)}@example.org`;
  demoHash ??= hashPassword(DEMO_PASSWORD);
  const at = new Date().toISOString();
  await insertUser(db, { id, email, name: `Utilisateur ${id.slice(0, 4)}`, job_title: null, password_hash: await demoHash, organisation_id: null, platform_role: "member", created_at: at });
  if (options.charterId)
    await insertMembership(db, { id: randomUUID(), charter_id: options.charterId, user_id: id, role: options.role ?? "reader", organisation_id: null, created_by: null, created_at: at, updated_at: at });
  return { id, email };
}

/** The id of the seeded demo charter. */
export async function demoCharterId(server: TestServer): Promise<string> {
  return (await server.services.db("charters").first("id")).id;
}

/** Makes an invitation directly and returns its one-time token. */
export async function makeInvitation(server: TestServer, charterId: string, role: Role = "editor", email = `invite-${randomUUID().slice(0, 8)}@example.org`) {
  const pilot = await server.services.db("users").where({ email: "pilote@example.org" }).first();
  const charter = (await getCharter(server.services.db, charterId))!;
  return invitationCreator(server.services, pilot, charter, { email, role, organisationId: null }, null);
}
