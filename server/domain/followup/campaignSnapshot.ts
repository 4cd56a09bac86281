import { createHash } from "node:crypto";
import type { Knex } from "knex";
import type { CharterRow } from "../../store/rows.js";
import type { CampaignRow } from "../../store/campaigns.js";
import { listAppraisals, listDeclarations, listEvidence, listTrackedCommitments } from "../../store/followup.js";

/**
 * What a closed campaign was, frozen: the campaign, every tracked commitment
 * with every revision of its declaration and every appraisal, the evidence
 * (with its SHA-256, not its content) and the indicators' values, tied to the
 * hash of the signed version. Serialised with a fixed key order so that the
 * same facts always give the same SHA-256.
 *
 * Since `format: 2` it also holds each indicator's whole definition (kind,
 * commitment, source, method, responsible organisation) and the names of the
 * organisations it mentions: a closed campaign's dashboard, report and public
 * synthesis are built from it alone (`frozenCampaign.ts`), so nothing done
 * after closing changes them. Snapshots made before have no `format`.
 */
/** The snapshot's layout: 2 adds the indicators' whole definitions and the organisations' names. */
export const SNAPSHOT_FORMAT = 2;

export async function campaignSnapshot(db: Knex, charter: CharterRow, campaign: CampaignRow, closedAt: string) {
  // One after the other: inside a transaction there is one connection.
  const commitments = await listTrackedCommitments(db, charter.id);
  const declarations = await listDeclarations(db, charter.id, campaign.id);
  const appraisals = await listAppraisals(db, charter.id, campaign.id);
  const evidence = await listEvidence(db, charter.id, campaign.id);
  const indicators = await db("indicators").where({ charter_id: charter.id }).orderBy("position");
  const organisationIds = [...new Set([...commitments.map((c) => c.organisation_id), ...indicators.map((i) => i.organisation_id), ...evidence.map((e) => e.organisation_id)].filter((id): id is string => !!id))];
  const organisations = organisationIds.length ? await db("organisations").whereIn("id", organisationIds).orderBy("id").select("id", "name") : [];
  const values = await db("indicator_values").where({ charter_id: charter.id }).orderBy([{ column: "indicator_id" }, { column: "period" }, { column: "entered_at" }, { column: "id" }]);
  const snapshot = {
    format: SNAPSHOT_FORMAT,
    charter: { id: charter.id, title: charter.title, versionHash: campaign.version_hash, effectiveDate: charter.effective_date, endDate: charter.end_date },
    campaign: { id: campaign.id, label: campaign.label, start: campaign.start_date, end: campaign.end_date, deadline: campaign.deadline, committeeDate: campaign.committee_date, closedAt },
    commitments: commitments.map((c) => ({
      id: c.commitment_id, organisationId: c.organisation_id, article: c.article_number, articleHeading: c.article_heading, stage: c.section_number,
      stageHeading: c.section_heading, text: c.text, due: c.due, indicator: c.indicator,
      declarations: declarations.filter((d) => d.commitment_id == c.commitment_id).map((d) => ({
        id: d.id, revision: d.revision, status: d.status, narrative: d.narrative, reason: d.reason, evidenceIds: JSON.parse(d.evidence_ids) as string[],
        answersAppraisalId: d.answers_appraisal_id, userId: d.user_id, at: d.created_at,
      })),
      appraisals: appraisals.filter((a) => a.commitment_id == c.commitment_id).map((a) => ({
        id: a.id, declarationId: a.declaration_id, appraisal: a.appraisal, comment: a.comment, outcome: a.outcome, userId: a.user_id, at: a.created_at,
      })),
    })),
    evidence: evidence.map((e) => ({ id: e.id, organisationId: e.organisation_id, kind: e.kind, title: e.title, filename: e.filename, contentType: e.content_type, size: e.size, sha256: e.sha256, url: e.url, at: e.created_at })),
    indicators: indicators.map((i) => ({
      id: i.id, code: i.code, label: i.label, unit: i.unit, direction: i.direction, baseline: i.baseline_value, baselineYear: i.baseline_year, target: i.target_value, targetYear: i.target_year,
      kind: i.kind, commitmentId: i.commitment_id ?? null, source: i.source ?? null, method: i.method ?? null, organisationId: i.organisation_id ?? null,
      values: values.filter((v) => v.indicator_id == i.id).map((v) => ({ period: v.period, value: Number(v.value), final: !!v.final, enteredBy: v.entered_by, at: v.entered_at })),
    })),
    organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
  };
  const json = JSON.stringify(snapshot);
  return { json, sha256: createHash("sha256").update(json, "utf8").digest("hex") };
}
