import { randomUUID } from "node:crypto";
import type { TestServer } from "./testServer.js";
import { insertUser } from "../../server/store/users.js";
import { insertMembership } from "../../server/store/memberships.js";
import { testDemoPasswordHash } from "./testPasswords.js";
import { invitationCreator } from "../../server/domain/commands/invitations.js";
import { getCharter } from "../../server/store/charters.js";
import { charterCreator } from "../../server/domain/commands/charterCreator.js";
import { versionSaver } from "../../server/domain/versions/versionSaver.js";
import type { Role } from "../../server/shared/roles.js";

/** Adds a user (password `charte-demo`, at the test scrypt cost), optionally as a member of a charter. */
export async function addUser(server: TestServer, options: { charterId?: string; role?: Role; email?: string } = {}) {
  const { db } = server.services;
  const id = randomUUID();
  const email = options.email ?? `user-${id.slice(0, 8)}@example.org`;
  const at = new Date().toISOString();
  await insertUser(db, { id, email, name: `Utilisateur ${id.slice(0, 4)}`, job_title: null, password_hash: await testDemoPasswordHash(), organisation_id: null, platform_role: "member", created_at: at });
  if (options.charterId)
    await insertMembership(db, { id: randomUUID(), charter_id: options.charterId, user_id: id, role: options.role ?? "reader", organisation_id: null, created_by: null, created_at: at, updated_at: at });
  return { id, email };
}

/** The id of the seeded demo charter: the first made (charters made by tests come after it, and ids are random). */
export async function demoCharterId(server: TestServer): Promise<string> {
  return (await server.services.db("charters").orderBy([{ column: "created_at" }, { column: "id" }]).first("id")).id;
}

/** Makes an invitation directly and returns its one-time token. */
export async function makeInvitation(server: TestServer, charterId: string, role: Role = "editor", email = `invite-${randomUUID().slice(0, 8)}@example.org`) {
  const pilot = await server.services.db("users").where({ email: "pilote@example.org" }).first();
  const charter = (await getCharter(server.services.db, charterId))!;
  return invitationCreator(server.services, pilot, charter, { email, role, organisationId: null }, null);
}

/** A new charter made from the template by the demo pilot, with the demo members in the same roles. */
export async function freshCharter(server: TestServer): Promise<string> {
  const { db } = server.services;
  const pilot = await db("users").where({ email: "pilote@example.org" }).first();
  // Read first: once there are two charters, `demoCharterId` may find the new one.
  const demo = await demoCharterId(server);
  const { charter } = await charterCreator(server.services, pilot, { title: "Charte de test", template: "charte-departementale", departmentCode: "49", signatoryIds: [] }, null);
  const members = await db("memberships").where({ charter_id: demo }).whereNot({ user_id: pilot.id });
  const at = new Date().toISOString();
  for (const m of members) await insertMembership(db, { ...m, id: randomUUID(), charter_id: charter.id, created_at: at, updated_at: at });
  return charter.id;
}

/** Saves a named version of a charter's draft as the demo pilot; returns its id. */
export async function saveVersion(server: TestServer, charterId: string, label = "Version de test"): Promise<string> {
  const pilot = await server.services.db("users").where({ email: "pilote@example.org" }).first();
  return (await versionSaver(server.services, charterId, pilot.id, label, null)).id;
}
