import { randomUUID } from "node:crypto";
import type { TestServer } from "./testServer.js";
import { charterCreator } from "../../server/domain/commands/charterCreator.js";
import { draftCheckpointSaver, versionSaver } from "../../server/domain/versions/versionSaver.js";
import { charterFreezer } from "../../server/domain/versions/charterFreezer.js";
import { approvalRecorder } from "../../server/domain/signing/approvalRecorder.js";
import { signingOpener } from "../../server/domain/signing/signingOpener.js";
import { getCharter, listSignatories } from "../../server/store/charters.js";
import { getUser } from "../../server/store/users.js";

/** How far along the approval of its frozen version a new charter is. */
export type SigningStage = "frozen" | "approved" | "signing";

/**
 * A new charter with the same signatory organisations and members as
 * `fromCharterId`, a version frozen, and (by stage) approved by every
 * organisation, then open for signing. Returns its id and the frozen version's hash.
 */
export async function charterAt(server: TestServer, fromCharterId: string, stage: SigningStage): Promise<{ charterId: string; versionHash: string }> {
  const { services } = server;
  const { db } = services;
  const pilot = await db("users").where({ email: "pilote@example.org" }).first();
  const signatories = await listSignatories(db, fromCharterId);
  const { charter } = await charterCreator(services, pilot, { title: "Charte à signer", template: "charte-departementale", departmentCode: "49", signatoryIds: signatories.map((o) => o.id) }, null);
  const at = new Date().toISOString();
  for (const m of await db("memberships").where({ charter_id: fromCharterId }).whereNot({ user_id: pilot.id }))
    await db("memberships").insert({ ...m, id: randomUUID(), charter_id: charter.id, created_at: at, updated_at: at });
  // An automatic save point first, as drafting makes them: the version's sequence (2) is then not its name (V1).
  await draftCheckpointSaver(services, charter.id, "Point de sauvegarde", null);
  const version = await versionSaver(services, charter.id, pilot.id, "Version soumise", null);
  await charterFreezer(services, (await getCharter(db, charter.id))!, version, pilot.id, null, { confirmPlaceholders: true });
  if (stage != "frozen") {
    const members = await db("memberships").where({ charter_id: charter.id, role: "signatory" }).whereIn("organisation_id", signatories.map((o) => o.id));
    const done = new Set<string>();
    for (const m of members) {
      if (done.has(m.organisation_id)) continue;
      done.add(m.organisation_id);
      await approvalRecorder(services, (await getCharter(db, charter.id))!, m, (await getUser(db, m.user_id))!, { decision: "approve" }, null);
    }
  }
  if (stage == "signing") await signingOpener(services, (await getCharter(db, charter.id))!, pilot, undefined, null);
  return { charterId: charter.id, versionHash: version.hash };
}
