import type { TestServer } from "./testServer.js";
import { parisDay } from "../../server/shared/frenchDates.js";

/** A minimal but real PDF file, as evidence. */
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

/** The statuses the organisations declare in turn, with what each needs. */
const DECLARED = [
  { status: "realise", narrative: "Réalisé : trois réunions tenues, comptes rendus diffusés." },
  { status: "en_cours", narrative: "Convention en cours de signature avec les bailleurs." },
  { status: "bloque", narrative: "Nous relançons le partenaire chaque mois.", reason: "Le logiciel de suivi n'est pas livré." },
  { status: "sans_objet", narrative: "", reason: "Aucun ménage concerné sur la période." },
  { status: "non_engage", narrative: "" },
  { status: "abandonne", narrative: "Remplacé par un autre dispositif.", reason: "Le financement a cessé." },
] as const;

/** The day `n` days from today (UTC), as YYYY-MM-DD. */
export const dayFromToday = (n: number) => parisDay(new Date(Date.now() + n * 86_400_000));

/** The end of the long narrative one organisation writes (10,000 characters, the most a declaration takes). */
export const LONG_NARRATIVE_END = "Fin du compte rendu détaillé.";

function withLongNarrative<T extends { narrative: string }>(declared: T, long: boolean): T {
  if (!long) return declared;
  const paragraph = "Compte rendu détaillé de l'action menée : réunions, courriers, relances et résultats obtenus auprès des ménages. ";
  const body = paragraph.repeat(Math.ceil(10000 / paragraph.length)).slice(0, 10000 - LONG_NARRATIVE_END.length - declared.narrative.length - 2);
  return { ...declared, narrative: `${declared.narrative}\n${body}\n${LONG_NARRATIVE_END}` };
}

export interface ReportCampaign {
  campaignId: string;
  label: string;
  /** The report's years N-2, N-1, N (N: the year the period ends). */
  years: number[];
  /** Each organisation's name and the token of its signatory. */
  organisations: { id: string; name: string; token: string }[];
  /** The Département's first commitment's declaration (its narrative starts with `=HYPERLINK(`). */
  hostile: { commitmentId: string; declarationId: string };
  evidenceSha256: string;
}

/**
 * Opens a campaign on a signed charter for the year up to yesterday, and
 * fills it through the API as the product would be used: every signatory
 * organisation declares its first commitment (the statuses in turn), the
 * Département with an uploaded file and a narrative a spreadsheet would run
 * as a formula; the committee enters indicator values for N-2…N and N+1,
 * the pilot a baseline and a target. The signed text's due dates are all
 * still ahead: as if the charter had been signed years ago, each
 * organisation's first two commitments are made due during the period
 * (the second is left undeclared).
 */
export async function reportCampaign(server: TestServer, charterId: string): Promise<ReportCampaign> {
  const { db } = server.services;
  const end = dayFromToday(-1);
  const n = Number(end.slice(0, 4));
  const label = `Bilan ${n}`;
  const pilot = await server.login("pilote@example.org");
  const opened = await server.api("POST", `/api/charters/${charterId}/campaigns`, { token: pilot, body: { label, start: dayFromToday(-365), end, deadline: dayFromToday(10), committeeDate: dayFromToday(20) } });
  if (opened.status != 201) throw new Error(`Opening a campaign failed: ${opened.status} ${JSON.stringify(opened.body)}`);
  const campaignId: string = opened.body.campaign.id;
  const committee = await server.login("comite@example.org");
  const signatories = await db("memberships").join("users", "users.id", "memberships.user_id").join("organisations", "organisations.id", "memberships.organisation_id")
    .where({ "memberships.charter_id": charterId, "memberships.role": "signatory" }).select("users.email", "organisations.id", "organisations.name");
  const organisations: ReportCampaign["organisations"] = [];
  const seen = new Set<string>();
  for (const s of signatories) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    organisations.push({ id: s.id, name: s.name, token: await server.login(s.email) });
  }
  const editor = await db("users").where({ email: "redacteur@example.org" }).first();
  const editorToken = await server.login("redacteur@example.org");

  const form = new FormData();
  form.append("title", "Compte rendu du comité technique");
  form.append("file", new Blob([new Uint8Array(PDF)]), "compte-rendu.pdf");
  const uploaded = await fetch(`${server.url}/api/charters/${charterId}/campaigns/${campaignId}/evidence`, { method: "POST", headers: { authorization: `Bearer ${editorToken}` }, body: form });
  const evidence = (await uploaded.json()) as { evidence: { id: string; sha256: string } };
  if (uploaded.status != 201) throw new Error(`Upload failed: ${uploaded.status} ${JSON.stringify(evidence)}`);

  let hostile: ReportCampaign["hostile"] | null = null;
  let k = 0;
  for (const organisation of organisations) {
    const [commitment, undeclared] = await db("tracked_commitments").where({ charter_id: charterId, organisation_id: organisation.id }).orderBy("position").limit(2);
    if (!commitment) continue;
    await db("tracked_commitments").where({ charter_id: charterId, commitment_id: commitment.commitment_id }).update({ due: dayFromToday(-30 - 10 * organisations.indexOf(organisation)) });
    if (undeclared) await db("tracked_commitments").where({ charter_id: charterId, commitment_id: undeclared.commitment_id }).update({ due: dayFromToday(-200) });
    const isHost = organisation.id == editor.organisation_id;
    const declared = isHost
      ? { status: "realise", narrative: '=HYPERLINK("https://example.org/piege","Cliquez ici")', evidenceIds: [evidence.evidence.id] }
      : withLongNarrative(DECLARED[k++ % DECLARED.length], k == 2);
    const res = await server.api("POST", `/api/charters/${charterId}/campaigns/${campaignId}/declarations`, { token: isHost ? editorToken : organisation.token, body: { commitmentId: commitment.commitment_id, ...declared } });
    if (res.status != 201) throw new Error(`Declaring failed: ${res.status} ${JSON.stringify(res.body)}`);
    if (isHost) hostile = { commitmentId: commitment.commitment_id, declarationId: res.body.declaration.id };
  }

  const indicator = async (code: string) => (await db("indicators").where({ charter_id: charterId, code }).first()).id;
  await server.api("PATCH", `/api/charters/${charterId}/indicators/${await indicator("CQL")}`, { token: pilot, body: { baseline: { value: 500, year: n - 3 }, target: { value: 300, year: n + 3 } } });
  await server.api("PATCH", `/api/charters/${charterId}/indicators/${await indicator("DSF_COUVERTURE")}`, { token: pilot, body: { baseline: { value: 40, year: n - 3 } } });
  // CQL for N+1 reaches the target: what the report says of N must not change.
  const csv = ["indicateur;période;valeur;définitive", `CQL;${n - 2};480;oui`, `CQL;${n - 1};450;oui`, `CQL;${n};410;non`, `CQL;${n + 1};290;non`, `DSF_COUVERTURE;${n};52,5;oui`,
    `ASSIGNATIONS;${n - 1};1320;oui`, `ASSIGNATIONS;${n};1275;non`, `EXPULSIONS;${n};96;oui`].join("\n");
  const imported = await server.api("POST", `/api/charters/${charterId}/indicators/import`, { token: committee, rawBody: csv, headers: { "content-type": "text/csv" } });
  if (imported.status != 201) throw new Error(`Import failed: ${imported.status} ${JSON.stringify(imported.body)}`);
  return { campaignId, label, years: [n - 2, n - 1, n], organisations, hostile: hostile!, evidenceSha256: evidence.evidence.sha256 };
}
