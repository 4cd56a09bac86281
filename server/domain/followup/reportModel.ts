import type { Knex } from "knex";
import type { CharterRow } from "../../store/rows.js";
import { listAppraisals, listDeclarations, listEvidence, type AppraisalRow, type DeclarationRow, type EvidenceRow } from "../../store/followup.js";
import { departementByCode } from "../../shared/departements.js";
import { APPRAISAL_OUTCOMES, APPRAISALS, DECLARATION_STATUSES, type Appraisal, type DeclarationStatus } from "../../shared/followup.js";
import { sectionLabel, UNASSIGNED } from "../../export/model.js";
import { APPRAISAL_KEYS, dashboardWithFacts, STATUS_KEYS, type DashboardIndicator, type Distribution as Counts } from "./dashboardModel.js";
import { indicatorAnalysis, yearlyValues, type ReportIndicator } from "./reportIndicators.js";
import { latestYearlyValue, progressCategory, trajectoryValue } from "./progressCategory.js";
import { parisDay } from "../../shared/frenchDates.js";

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
  /** The status is a « Réalisé » or « Sans objet » declared in an earlier campaign (`commitmentStanding.ts`); its label says so. */
  fromEarlierCampaign: boolean;
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

/** Beside a status carried from an earlier campaign. */
export const EARLIER_CAMPAIGN = "déclaré lors d'une campagne précédente";

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
  /** The dashboard's headline and distributions for the campaign (`dashboardModel.ts`): the report says the same. */
  synthesis: {
    total: number;
    /** The day due dates count up to: the end of the period, or today while it is not over. */
    referenceDay: string;
    /** « Échus »: due by the reference day. */
    fallenDue: number;
    /** Of those, nothing declared: counted apart, not in the share. */
    notDeclared: number;
    /** Of those, declared « Sans objet »: left out of the share. */
    withoutObject: number;
    /** The share's denominator and numerator: fallen due, declared, not « Sans objet »; and of those « Réalisé ». */
    assessed: number;
    realised: number;
    /** Réalisés / échus, hors sans objet; null when none is assessed. */
    share: number | null;
    overdue: number;
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

/**
 * Builds the yearly evaluation report of one campaign on the dashboard's
 * model (statuses, appraisals, « échu », « en retard », the headline share,
 * the distributions, the indicators and their categories), so that the two
 * never disagree, and adds what a report says and a dashboard does not: the
 * organisations' narratives and reasons, the review's comments and outcomes,
 * the answers, the evidence. Indicator values are read for the report's
 * years N-2…N (N: the year the period ends); a value entered for a later
 * year does not change what the report says of N.
 */
export async function reportModel(db: Knex, charter: CharterRow, campaignId: string, generatedAt = new Date().toISOString()): Promise<ReportModel> {
  const { dashboard, frozen, commitments } = await dashboardWithFacts(db, charter, campaignId, parisDay(generatedAt));
  const campaign = dashboard.campaign!;
  // A closed campaign's report says what its snapshot holds, as its dashboard does: nothing recorded or changed since alters it.
  const tracked = new Map(commitments.map((c) => [c.commitment_id, c]));
  const declarations = frozen?.declarations ?? await listDeclarations(db, charter.id, campaign.id);
  const appraisals = frozen?.appraisals ?? await listAppraisals(db, charter.id, campaign.id);
  const evidence = frozen?.evidence ?? await listEvidence(db, charter.id, campaign.id);
  const organisationName = new Map(dashboard.commitments.filter((c) => c.organisation).map((c) => [c.organisation!.id, c.organisation!.name]));
  for (const i of dashboard.indicators) if (i.organisation) organisationName.set(i.organisation.id, i.organisation.name);
  for (const o of frozen?.organisations ?? []) organisationName.set(o.id, o.name);
  const missing = [...new Set(evidence.map((e) => e.organisation_id))].filter((id) => !organisationName.has(id));
  if (missing.length) for (const o of await db("organisations").whereIn("id", missing).select("id", "name")) organisationName.set(o.id, o.name);

  const endYear = Number(campaign.end.slice(0, 4));
  const years = [endYear - 2, endYear - 1, endYear];
  const indicators = dashboard.indicators.map((i) => ({ commitmentId: i.commitmentId, row: reportIndicator(i, years) }));

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

  const rows: ReportCommitment[] = dashboard.commitments.map((c) => {
    const d = latest.get(c.id);
    const a = lastAppraisal.get(c.id);
    const n = indicators.find((i) => i.commitmentId == c.id)?.row;
    const value = n?.years.at(-1);
    return {
      id: c.id, organisation: c.organisation?.name ?? UNASSIGNED, article: c.article.number, articleHeading: c.article.heading,
      stage: c.stage.number, stageHeading: c.stage.heading, text: c.text, due: c.due, indicator: tracked.get(c.id)?.indicator ?? null,
      indicatorValue: value ? `${new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(value.value)}${n?.unit == "%" ? " %" : ""}${value.final ? "" : " (provisoire)"}` : null,
      status: c.status == "non_renseigne" ? null : c.status, fromEarlierCampaign: c.fromEarlierCampaign, overdue: c.overdue,
      statusLabel: c.fromEarlierCampaign ? `${c.statusLabel} (${EARLIER_CAMPAIGN})` : c.statusLabel,
      narrative: d?.narrative ?? "", reason: d?.reason ?? null, revisions: revisions.get(c.id) ?? 0, declaredAt: d?.created_at ?? null,
      appraisal: c.appraisal == "non_apprecie" ? null : c.appraisal, appraisalLabel: c.appraisalLabel, appraisalComment: a?.comment ?? "",
      outcomeLabel: a?.outcome ? APPRAISAL_OUTCOMES[a.outcome] : null, answered: !!d?.answers_appraisal_id,
      evidence: d ? (JSON.parse(d.evidence_ids) as string[]).map((id) => evidenceById.get(id)).filter((e): e is EvidenceRow => !!e).map((e) => ({ title: evidenceTitle(e), sha256: e.sha256, url: e.url })) : [],
    };
  });

  const h = dashboard.headline;
  const counts = (label: string, of: Counts): BreakdownRow => ({ label, total: of.total, counts: STATUS_KEYS.map((k) => of.byStatus[k]) });
  return {
    generatedAt,
    charter: {
      id: charter.id, title: charter.title, departement: departementLabel(charter.department_code), versionHash: campaign.versionHash,
      effectiveDate: charter.effective_date, endDate: charter.end_date,
    },
    campaign: {
      id: campaign.id, label: campaign.label, start: campaign.start, end: campaign.end, deadline: campaign.deadline, committeeDate: campaign.committeeDate,
      state: campaign.state, closedAt: campaign.closedAt, snapshotSha256: campaign.snapshotSha256,
    },
    years,
    synthesis: {
      total: dashboard.distribution.total, referenceDay: dashboard.referenceDay, fallenDue: h.fallenDue, notDeclared: h.notDeclared, withoutObject: h.withoutObject,
      assessed: h.denominator, realised: h.numerator, share: h.share, overdue: dashboard.overdue.length,
      byStatus: dashboard.legend.statuses.map((s) => ({ label: s.label, count: dashboard.distribution.byStatus[s.id] })),
      byAppraisal: dashboard.legend.appraisals.map((s) => ({ label: s.label, count: dashboard.distribution.byAppraisal[s.id] })),
      statusColumns: dashboard.legend.statuses.map((s) => s.label),
      byOrganisation: dashboard.byOrganisation.map((o) => counts(o.organisation?.name ?? UNASSIGNED, o)),
      byStage: dashboard.byStage.map((st) => counts(`${sectionLabel(st.number)} — ${st.heading}`, st)),
    },
    procedure: PROCEDURE_CODES.map((code) => indicators.find((i) => i.row.code == code)?.row).filter((i): i is ReportIndicator => !!i),
    objectives: indicators.filter((i) => i.row.kind == "objective").map((i) => i.row),
    commitments: rows,
    organisations: dashboard.byOrganisation.map((o) => o.organisation?.name ?? UNASSIGNED),
    difficulties: difficulties(rows, appraisals, declarations),
    evidence: evidence.map((e) => ({
      title: evidenceTitle(e), organisation: organisationName.get(e.organisation_id) ?? UNASSIGNED, kind: e.kind, filename: e.filename, contentType: e.content_type,
      size: e.size == null ? null : Number(e.size), sha256: e.sha256, url: e.url, createdAt: e.created_at,
    })),
  };
}

/**
 * An indicator's row: the dashboard's definition and category, its yearly
 * values for N-2…N, the trajectory and gap at N. When values exist for a
 * year after N, the category is computed again (same function) on the
 * values up to N: the report speaks of its year.
 */
function reportIndicator(i: DashboardIndicator, years: number[]): ReportIndicator {
  const endYear = years.at(-1)!;
  const byYear = yearlyValues(i.values);
  let progress = i.progress;
  if (i.latest && i.latest.year > endYear) {
    const upToN = latestYearlyValue(i.values.filter((v) => Number(v.period.slice(0, 4)) <= endYear));
    progress = progressCategory({ direction: i.direction, baseline: i.baseline, target: i.target, latest: upToN && { value: upToN.value, year: upToN.year } });
  }
  const row: ReportIndicator = {
    code: i.code, label: i.label, kind: i.kind == "commitment" ? "commitment" : "objective", unit: i.unit, direction: i.direction, source: i.source, method: i.method,
    organisation: i.organisation?.name ?? null, baseline: i.baseline, target: i.target, years: years.map((y) => byYear.get(y) ?? null),
    trajectory: trajectoryValue(i.baseline, i.target, endYear), gap: null, category: progress.label, analysis: "",
  };
  const n = row.years.at(-1);
  row.gap = n && row.trajectory != null ? n.value - row.trajectory : null;
  row.analysis = indicatorAnalysis(row, years, progress.note);
  return row;
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
