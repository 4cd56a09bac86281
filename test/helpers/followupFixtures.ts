import type { TestServer } from "./testServer.js";
import { charterAt } from "./signingFixtures.js";
import { signatureRecorder } from "../../server/domain/signing/signatureRecorder.js";
import { getCharter, listSignatories } from "../../server/store/charters.js";
import { getUser } from "../../server/store/users.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";

/**
 * A new charter with the members of `fromCharterId`, signed by every
 * signatory organisation through the signing command (each signatory
 * re-enters their password, as in the product). Returns its id and the signed
 * version's hash.
 */
export async function signedCharter(server: TestServer, fromCharterId: string): Promise<{ charterId: string; versionHash: string }> {
  const { services } = server;
  const { db } = services;
  const { charterId, versionHash } = await charterAt(server, fromCharterId, "signing");
  const organisations = await listSignatories(db, charterId);
  for (const organisation of organisations) {
    const membership = await db("memberships").where({ charter_id: charterId, role: "signatory", organisation_id: organisation.id }).first();
    const user = (await getUser(db, membership.user_id))!;
    await signatureRecorder(services, (await getCharter(db, charterId))!, membership, user,
      { versionHash, password: DEMO_PASSWORD, capacity: "Représentant légal", consent: true, mode: "typed", typedName: user.name }, { ip: null, userAgent: null, sessionId: "test" });
  }
  return { charterId, versionHash };
}

const shared = new WeakMap<TestServer, Promise<{ charterId: string; versionHash: string }>>();

/** One signed charter per test server, made once (for tests that only read it or add to it). */
export function sharedSignedCharter(server: TestServer, fromCharterId: string) {
  if (!shared.has(server)) shared.set(server, signedCharter(server, fromCharterId));
  return shared.get(server)!;
}

/** Opens a campaign through the API as the pilot, closing any still running (one campaign at a time). */
export async function openCampaign(server: TestServer, charterId: string, label = `Bilan ${Math.floor(Math.random() * 1e6)}`): Promise<string> {
  const token = await server.login("pilote@example.org");
  for (const c of await server.services.db("campaigns").where({ charter_id: charterId }).whereNot({ state: "closed" })) {
    if (c.state == "open") await server.api("POST", `/api/charters/${charterId}/campaigns/${c.id}/state`, { token, body: { state: "in_review" } });
    await server.api("POST", `/api/charters/${charterId}/campaigns/${c.id}/state`, { token, body: { state: "closed" } });
  }
  const res = await server.api("POST", `/api/charters/${charterId}/campaigns`, { token, body: { label, start: "2027-01-01", end: "2027-12-31", deadline: "2028-01-31", committeeDate: "2028-02-15" } });
  if (res.status != 201) throw new Error(`Opening a campaign failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.campaign.id;
}
