import type { Knex } from "knex";
import type { CharterRow } from "../../store/rows.js";
import { getCampaign } from "../../store/campaigns.js";
import { listAppraisals, listDeclarations, listEvidence, listTrackedCommitments, type AppraisalRow, type DeclarationRow, type EvidenceRow } from "../../store/followup.js";
import { listSignatories } from "../../store/charters.js";
import { getOrganisations } from "../../store/organisations.js";
import { departementByCode } from "../../shared/departements.js";
import { APPRAISALS, APPRAISAL_OUTCOMES, DECLARATION_STATUSES, NOT_DECLARED, type Appraisal, type DeclarationStatus } from "../../shared/followup.js";
import { sectionLabel, UNASSIGNED } from "../../export/model.js";
import { notFound } from "../../http/errors.js";
import { indicatorsView } from "./indicatorValues.js";
import { indicatorAnalysis, yearlyValues, type ReportIndicator } from "./reportIndicators.js";
import { latestYearlyValue, progressCategory, trajectoryValue } from "./progressCategory.js";

/** One tracked commitment as the report shows it, with the campaign's latest declaration and appraisal. */
export interface ReportCommitment {
  id: string;
  organisation: string;
  article: number;
  articleHeading: string;
  stage: number;
  stageHeading: string;
  text: string;
  due: string | null;
  indicator: string | null;
  /** The indicator's yearly value at N, as text (« 412 », « 85 % (provisoire) »), or null. */
  indicatorValue: string | null;
  status: DeclarationStatus | null;
  statusLabel: string;
  overdue: boolean;
  narrative: string;
  reason: string | null;
  revisions: number;
  declaredAt: string | null;
  appraisal: Appraisal | null;
  appraisalLabel: string;
  appraisalComment: string;
  outcomeLabel: string | null;
  /** Set when the latest declaration answers an appraisal that sent it back (contradictoire). */
  answered: boolean;
  evidence: { title: string; sha256: string | null; url: string | null }[];
}

/** A count per label: distributions, not averages. */
export interface Distribution {
  label: string;
  count: number;
}

/** A line of a breakdown (per organisation, per stage): its counts per declared status. */
export interface BreakdownRow {
  label: string;
  total: number;
  counts: number[];
}

export interface ReportDifficulty {
  organisation: string;
  article: number;
  commitment: string;
  kind: string;
  reason: string;
  response: string;
}

/** Everything the yearly evaluation report says, as plain data (it is sent to the export worker). */
export interface ReportModel {
  generatedAt: string;
  charter: { id: string; title: string; departement: string; versionHash: string; effectiveDate: string | null; endDate: string | null };
  campaign: { id: string; label: string; start: string; end: string; deadline: string; committeeDate: string; state: string; closedAt: string | null; snapshotSha256: string | null };
  /** The report's years, N-2 to N (N is the year the period ends). */
  years: number[];
  synthesis: {
    total: number;
    /** Due by the end of the period, « sans objet » left out. */
    due: number;
    doneOfDue: number;
    notDeclaredOfDue: number;
    /** Réalisés / échus, hors sans objet; null when nothing is due. */
    share: number | null;
    overdue: number;
    sansObjet: number;
    byStatus: Distribution[];
    byAppraisal: Distribution[];
    /** Column labels of the breakdowns: the declared statuses, then « Non renseigné ». */
    statusColumns: string[];
    byOrganisation: BreakdownRow[];
    byStage: BreakdownRow[];
  };
  /** The national procedure dashboard, summons to police interventions, with DSF and CCAPEX activity. */
  procedure: ReportIndicator[];
  objectives: ReportIndicator[];
  commitments: ReportCommitment[];
  /** Signatory organisations in the charter's order, then any other responsible. */
  organisations: string[];
  difficulties: ReportDifficulty[];
  evidence: { title: string; organisation: string; kind: "file" | "link"; filename: string | null; contentType: string | null; size: number | null; sha256: string | null; url: string | null; createdAt: string }[];
}

/** The indicators of the national procedure dashboard, in the order of the procedure. */
export const PROCEDURE_CODES = ["COMMANDEMENTS_PAYER", "ASSIGNATIONS", "RESILIATIONS", "CQL", "CFP_DEMANDES", "CFP_OCTROIS", "EXPULSIONS", "DSF_COUVERTURE", "CCAPEX_SITUATIONS"];

const STATUS_IDS = Object.keys(DECLARATION_STATUSES) as DeclarationStatus[];

/**
 * Builds the yearly evaluation report of one campaign from the follow-up
 * tables: the tracked commitments with the campaign's latest declaration and
 * appraisal, the indicators with their yearly values for N-2…N, and the
 * campaign's evidence. « En retard » and « échu » are judged at the end of the
 * campaign's period, which is what the report is about.
 */
export async function reportModel(db: Knex, charter: CharterRow, campaignId: string, generatedAt = new Date().toISOString()): Promise<ReportModel> {
  const campaign = await getCampaign(db, charter.id, campaignId);
  if (!campaign) throw notFound("Campagne");
  const commitments = await listTrackedCommitments(db, charter.id);
  const declarations = await listDeclarations(db, charter.id, campaign.id);
  const appraisals = await listAppraisals(db, charter.id, campaign.id);
  const evidence = await listEvidence(db, charter.id, campaign.id);
  const indicators = await indicatorsView(db, charter.id);
  const signatories = await listSignatories(db, charter.id);
  const otherIds = [...new Set([...commitments.map((c) => c.organisation_id), ...evidence.map((e) => e.organisation_id), ...indicators.map((i) => i.organisationId)])]
    .filter((id): id is string => !!id && !signatories.some((s) => s.id == id));
  const organisations = [...signatories, ...await getOrganisations(db, otherIds)];
  const nameOf = (id: string | null) => (id && organisations.find((o) => o.id == id)?.name) || UNASSIGNED;

  const endYear = Number(campaign.end_date.slice(0, 4));
  const years = [endYear - 2, endYear - 1, endYear];
  const reportIndicators = indicators.map((i): ReportIndicator & { commitmentId: string | null } => {
    // What the report says of year N: nothing entered for a later year counts.
    const entries = i.values.filter((v) => Number(v.period.slice(0, 4)) <= endYear);
    const byYear = yearlyValues(entries);
    const progress = progressCategory({ direction: i.direction, baseline: i.baseline, target: i.target, latest: latestYearlyValue(entries) });
    const row = {
      code: i.code, label: i.label, kind: i.kind, unit: i.unit, direction: i.direction, source: i.source, method: i.method,
      organisation: i.organisationId ? nameOf(i.organisationId) : null, baseline: i.baseline, target: i.target,
      years: years.map((y) => byYear.get(y) ?? null), commitmentId: i.commitmentId,
      trajectory: trajectoryValue(i.baseline, i.target, endYear), gap: null as number | null, category: progress.label, analysis: "",
    };
    const n = row.years.at(-1);
    row.gap = n && row.trajectory != null ? n.value - row.trajectory : null;
    row.analysis = indicatorAnalysis(row, years, progress.note);
    return row;
  });

  const evidenceById = new Map(evidence.map((e) => [e.id, e]));
  const latest = new Map<string, DeclarationRow>();
  const revisions = new Map<string, number>();
  for (const d of declarations) {
    latest.set(d.commitment_id, d);
    revisions.set(d.commitment_id, (revisions.get(d.commitment_id) ?? 0) + 1);
  }
  const lastAppraisal = new Map<string, AppraisalRow>();
  for (const a of appraisals) lastAppraisal.set(a.commitment_id, a);
  const evidenceTitle = (e: EvidenceRow) => e.title || e.filename || e.url || "Pièce";

  const rows: ReportCommitment[] = commitments.map((c) => {
    const d = latest.get(c.commitment_id);
    const a = lastAppraisal.get(c.commitment_id);
    const indicator = reportIndicators.find((i) => i.commitmentId == c.commitment_id);
    const n = indicator?.years.at(-1);
    return {
      id: c.commitment_id, organisation: nameOf(c.organisation_id), article: c.article_number, articleHeading: c.article_heading,
      stage: c.section_number, stageHeading: c.section_heading, text: c.text, due: c.due, indicator: c.indicator,
      indicatorValue: n ? `${new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(n.value)}${indicator?.unit == "%" ? " %" : ""}${n.final ? "" : " (provisoire)"}` : null,
      status: d?.status ?? null, statusLabel: d ? DECLARATION_STATUSES[d.status] : NOT_DECLARED,
      overdue: !!c.due && c.due <= campaign.end_date && d?.status != "realise" && d?.status != "sans_objet",
      narrative: d?.narrative ?? "", reason: d?.reason ?? null, revisions: revisions.get(c.commitment_id) ?? 0, declaredAt: d?.created_at ?? null,
      appraisal: a?.appraisal ?? null, appraisalLabel: a ? APPRAISALS[a.appraisal] : "Non apprécié", appraisalComment: a?.comment ?? "",
      outcomeLabel: a?.outcome ? APPRAISAL_OUTCOMES[a.outcome] : null, answered: !!d?.answers_appraisal_id,
      evidence: d ? (JSON.parse(d.evidence_ids) as string[]).map((id) => evidenceById.get(id)).filter((e): e is EvidenceRow => !!e).map((e) => ({ title: evidenceTitle(e), sha256: e.sha256, url: e.url })) : [],
    };
  });

  const statusColumns = [...STATUS_IDS.map((s) => DECLARATION_STATUSES[s]), NOT_DECLARED];
  const breakdown = (label: string, of: ReportCommitment[]): BreakdownRow => ({
    label, total: of.length, counts: [...STATUS_IDS.map((s) => of.filter((c) => c.status == s).length), of.filter((c) => !c.status).length],
  });
  const due = rows.filter((c) => c.due && c.due <= campaign.end_date && c.status != "sans_objet");
  const doneOfDue = due.filter((c) => c.status == "realise").length;
  const orgNames = [...new Set([...signatories.map((s) => s.name), ...rows.map((c) => c.organisation)])].filter((name) => rows.some((c) => c.organisation == name));
  const stages = [...new Map(rows.map((c) => [c.stage, c.stageHeading])).entries()].sort((a, b) => a[0] - b[0]);

  return {
    generatedAt,
    charter: {
      id: charter.id, title: charter.title, departement: departementLabel(charter.department_code), versionHash: campaign.version_hash,
      effectiveDate: charter.effective_date, endDate: charter.end_date,
    },
    campaign: {
      id: campaign.id, label: campaign.label, start: campaign.start_date, end: campaign.end_date, deadline: campaign.deadline, committeeDate: campaign.committee_date,
      state: campaign.state, closedAt: campaign.closed_at, snapshotSha256: campaign.snapshot_sha256,
    },
    years,
    synthesis: {
      total: rows.length, due: due.length, doneOfDue, notDeclaredOfDue: due.filter((c) => !c.status).length,
      share: due.length ? doneOfDue / due.length : null, overdue: rows.filter((c) => c.overdue).length, sansObjet: rows.filter((c) => c.status == "sans_objet").length,
      byStatus: statusColumns.map((label, k) => ({ label, count: breakdown("", rows).counts[k] })),
      byAppraisal: [...Object.entries(APPRAISALS).map(([id, label]) => ({ label, count: rows.filter((c) => c.appraisal == id).length })), { label: "Non apprécié", count: rows.filter((c) => !c.appraisal).length }],
      statusColumns,
      byOrganisation: orgNames.map((name) => breakdown(name, rows.filter((c) => c.organisation == name))),
      byStage: stages.map(([number, heading]) => breakdown(`${sectionLabel(number)} — ${heading}`, rows.filter((c) => c.stage == number))),
    },
    procedure: PROCEDURE_CODES.map((code) => reportIndicators.find((i) => i.code == code)).filter((i): i is ReportIndicator & { commitmentId: string | null } => !!i).map(stripCommitment),
    objectives: reportIndicators.filter((i) => i.kind == "objective").map(stripCommitment),
    commitments: rows,
    organisations: orgNames,
    difficulties: difficulties(rows, appraisals, declarations),
    evidence: evidence.map((e) => ({
      title: evidenceTitle(e), organisation: nameOf(e.organisation_id), kind: e.kind, filename: e.filename, contentType: e.content_type, size: e.size == null ? null : Number(e.size),
      sha256: e.sha256, url: e.url, createdAt: e.created_at,
    })),
  };
}

function stripCommitment({ commitmentId: _, ...indicator }: ReportIndicator & { commitmentId: string | null }): ReportIndicator {
  return indicator;
}

function departementLabel(code: string): string {
  const d = departementByCode(code);
  return d ? `${d.name} (${d.code})` : code;
}

/**
 * Difficulties and corrective measures: what is blocked or abandoned (with
 * the organisation's reason and what it says it does about it), and what the
 * review contested or asked to complete (with the organisation's answer).
 */
function difficulties(rows: ReportCommitment[], appraisals: AppraisalRow[], declarations: DeclarationRow[]): ReportDifficulty[] {
  const list: ReportDifficulty[] = [];
  for (const c of rows) {
    if (c.status == "bloque" || c.status == "abandonne")
      list.push({ organisation: c.organisation, article: c.article, commitment: c.text, kind: DECLARATION_STATUSES[c.status], reason: c.reason ?? "", response: c.narrative });
    for (const a of appraisals.filter((x) => x.commitment_id == c.id && (x.outcome == "conteste" || x.outcome == "a_completer"))) {
      const answer = declarations.find((d) => d.answers_appraisal_id == a.id);
      list.push({
        organisation: c.organisation, article: c.article, commitment: c.text, kind: `Appréciation « ${APPRAISALS[a.appraisal]} » — ${APPRAISAL_OUTCOMES[a.outcome!]}`,
        reason: a.comment, response: answer ? `${DECLARATION_STATUSES[answer.status]} : ${answer.narrative}` : "Pas de réponse de l'organisation.",
      });
    }
  }
  return list;
}
