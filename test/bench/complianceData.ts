import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import type { TestServer } from "../helpers/testServer.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";
import { listSignatories } from "../../server/store/charters.js";
import { appendDocumentUpdate } from "../../server/store/documents.js";
import { loadStoredYDoc, DOCUMENT_FIELD } from "../../server/domain/documents.js";
import type { DeclarationStatus } from "../../server/shared/followup.js";

/** The size of the charter `bench:compliance` follows (issue 11). */
export const SIZE = { organisations: 14, commitments: 70, indicators: 30, campaigns: 6 };

/** What the generator made. */
export interface ComplianceCharter {
  charterId: string;
  campaignIds: string[];
  indicatorCodes: string[];
  /** How many declarations (revisions included), appraisals and indicator values were recorded. */
  counts: { declarations: number; appraisals: number; values: number; evidence: number };
}

const STATUSES: DeclarationStatus[] = ["realise", "realise", "en_cours", "realise", "non_engage", "bloque", "en_cours", "abandonne", "realise", "sans_objet"];
const APPRAISAL_OF: Record<DeclarationStatus, string> = {
  realise: "complet", en_cours: "substantiel", non_engage: "non_commence", bloque: "limite", abandonne: "aucun_element", sans_objet: "complet",
};

/**
 * A signed charter of the demo département's 14 signatory organisations, with
 * its 70 commitments (one in five keeping its indicator, so that with the
 * template's 16 objectives it has 30 indicators), and six yearly campaigns
 * (« Bilan 2027 » … « Bilan 2032 ») each declared by every organisation for
 * each of its commitments (some with a link as evidence), appraised by the
 * committee (some sent back and answered), with a value of every indicator
 * for the year, then closed. Built through the HTTP API as the product's
 * users would (the charter's creation, version, freeze, approvals, signatures,
 * campaigns, declarations, appraisals, values); only the members are copied
 * from the demo charter, and the indicators dropped from the draft by one
 * Yjs update, as a co-author's edit is stored.
 */
export async function complianceCharter(server: TestServer, demoCharterId: string, log: (line: string) => void = () => {}): Promise<ComplianceCharter> {
  const { db } = server.services;
  const pilot = await server.login("pilote@example.org");
  const call = async (token: string, method: string, path: string, body?: unknown, expected = [200, 201]) => {
    const res = await server.api(method, `/api${path}`, { token, body });
    if (!expected.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const organisations = await listSignatories(db, demoCharterId);
  if (organisations.length != SIZE.organisations) throw new Error(`the demo charter has ${organisations.length} signatory organisations, not ${SIZE.organisations}`);
  const { charter } = await call(pilot, "POST", "/charters", { title: "Charte du banc d'essai du suivi", template: "charte-departementale", departmentCode: "49", signatoryIds: organisations.map((o) => o.id) });
  const charterId: string = charter.id;
  const at = new Date().toISOString();
  const pilotRow = await db("users").where({ email: "pilote@example.org" }).first();
  for (const m of await db("memberships").where({ charter_id: demoCharterId }).whereNot({ user_id: pilotRow.id }))
    await db("memberships").insert({ ...m, id: randomUUID(), charter_id: charterId, created_at: at, updated_at: at });

  // Keep the indicator of one commitment in five: 14 commitment indicators.
  const ydoc = await loadStoredYDoc(db, charterId);
  const before = Y.encodeStateVector(ydoc);
  let commitments = 0;
  ydoc.transact(() => {
    const visit = (node: Y.XmlElement | Y.XmlFragment) => {
      for (const child of node.toArray()) {
        if (!(child instanceof Y.XmlElement)) continue;
        if (child.nodeName == "commitment") {
          if (commitments % 5 != 0) child.removeAttribute("indicator");
          commitments++;
        } else visit(child);
      }
    };
    visit(ydoc.getXmlFragment(DOCUMENT_FIELD));
  });
  if (commitments != SIZE.commitments) throw new Error(`the template has ${commitments} commitments, not ${SIZE.commitments}`);
  await appendDocumentUpdate(db, charterId, Y.encodeStateAsUpdate(ydoc, before), pilotRow.id);
  ydoc.destroy();

  const version = await call(pilot, "POST", `/charters/${charterId}/versions`, { label: "Version soumise à la signature" });
  await call(pilot, "POST", `/charters/${charterId}/freeze`, { versionId: version.id, confirmPlaceholders: true });
  const signatories: { organisation_id: string; email: string }[] = await db("memberships").join("users", "users.id", "memberships.user_id")
    .where({ "memberships.charter_id": charterId, "memberships.role": "signatory" }).orderBy("users.email").select("memberships.organisation_id", "users.email");
  const tokenOf = new Map<string, string>();
  for (const s of signatories) if (!tokenOf.has(s.organisation_id)) tokenOf.set(s.organisation_id, await server.login(s.email));
  for (const token of tokenOf.values()) await call(token, "POST", `/charters/${charterId}/approvals`, { decision: "approve" });
  await call(pilot, "POST", `/charters/${charterId}/signing`, {});
  for (const token of tokenOf.values())
    await call(token, "POST", `/charters/${charterId}/signatures`, { versionHash: version.hash, password: DEMO_PASSWORD, capacity: "Représentant légal", consent: true, mode: "typed", typedName: "Nom Prénom" });
  const signed = await call(pilot, "GET", `/charters/${charterId}`);
  if (signed.charter.state != "signed") throw new Error(`the charter is ${signed.charter.state}, not signed`);
  log(`  signed: ${tokenOf.size} signatures`);

  const committee = await server.login("comite@example.org");
  const { indicators } = await call(pilot, "GET", `/charters/${charterId}/indicators`);
  if (indicators.length != SIZE.indicators) throw new Error(`the signed charter has ${indicators.length} indicators, not ${SIZE.indicators}`);
  const tracked: { commitment_id: string; organisation_id: string }[] = await db("tracked_commitments").where({ charter_id: charterId }).orderBy("position");
  const counts = { declarations: 0, appraisals: 0, values: 0, evidence: 0 };
  const campaignIds: string[] = [];
  for (let k = 0; k < SIZE.campaigns; k++) {
    const year = 2027 + k;
    const { campaign } = await call(pilot, "POST", `/charters/${charterId}/campaigns`, { label: `Bilan ${year}`, start: `${year}-01-01`, end: `${year}-12-31`, deadline: `${year + 1}-01-31`, committeeDate: `${year + 1}-02-15` });
    const base = `/charters/${charterId}/campaigns/${campaign.id}`;
    const declarationOf = new Map<string, { id: string; status: DeclarationStatus }>();
    for (const [i, c] of tracked.entries()) {
      const token = tokenOf.get(c.organisation_id)!;
      // Later years move on: the statuses shift by year, so each campaign differs.
      const status = STATUSES[(i + k * 3) % STATUSES.length];
      const evidenceIds: string[] = [];
      if (i % 7 == 0) {
        const { evidence } = await call(token, "POST", `${base}/evidence`, { url: `https://example.org/bilans/${year}/${i}`, title: `Compte rendu ${year}` });
        evidenceIds.push(evidence.id);
        counts.evidence++;
      }
      const needsReason = status == "bloque" || status == "abandonne" || status == "sans_objet";
      const { declaration } = await call(token, "POST", `${base}/declarations`, {
        commitmentId: c.commitment_id, status, narrative: `Bilan ${year} de l'engagement ${i + 1} : actions menées, partenaires associés et suites prévues.`,
        ...(needsReason ? { reason: "Les moyens prévus n'ont pas été réunis cette année." } : {}), evidenceIds,
      });
      declarationOf.set(c.commitment_id, { id: declaration.id, status });
      counts.declarations++;
    }
    await call(pilot, "POST", `${base}/state`, { state: "in_review" });
    for (const [i, c] of tracked.entries()) {
      const d = declarationOf.get(c.commitment_id)!;
      // One in ten is sent back; its organisation answers, and the answer is appraised.
      const askMore = i % 10 == 3;
      const { appraisal } = await call(committee, "POST", `${base}/appraisals`, { declarationId: d.id, appraisal: APPRAISAL_OF[d.status], comment: askMore ? "Joindre le compte rendu de la commission." : "Conforme aux éléments fournis.", outcome: askMore ? "a_completer" : "valide" });
      counts.appraisals++;
      if (!askMore) continue;
      const { declaration } = await call(tokenOf.get(c.organisation_id)!, "POST", `${base}/declarations`, { commitmentId: c.commitment_id, status: d.status, narrative: "Compte rendu ajouté.", ...(d.status == "bloque" || d.status == "abandonne" || d.status == "sans_objet" ? { reason: "Précisé." } : {}) });
      counts.declarations++;
      await call(committee, "POST", `${base}/appraisals`, { declarationId: declaration.id, appraisal: APPRAISAL_OF[d.status], comment: "Complété.", outcome: "valide" });
      counts.appraisals++;
    }
    const rows = indicators.map((indicator: { code: string }, j: number) => `${indicator.code};${year};${100 + j * 10 + k * 3}`);
    const imported = await server.api("POST", `/api/charters/${charterId}/indicators/import`, { token: committee, rawBody: `indicateur;période;valeur;définitive\n${rows.map((r: string) => `${r};oui`).join("\n")}\n`, headers: { "content-type": "text/csv" } });
    if (imported.status != 201) throw new Error(`import of ${year}: ${imported.status} ${JSON.stringify(imported.body)}`);
    counts.values += rows.length;
    await call(pilot, "POST", `${base}/state`, { state: "closed" });
    campaignIds.push(campaign.id);
    log(`  campaign Bilan ${year} closed`);
  }
  return { charterId, campaignIds, indicatorCodes: indicators.map((i: { code: string }) => i.code), counts };
}
