import type { Knex } from "knex";
import type { CharterRow } from "../../store/rows.js";
import type { CampaignRow } from "../../store/campaigns.js";
import type { TrackedCommitmentRow } from "../../store/followup.js";
import { HttpError } from "../../http/errors.js";
import {
  APPRAISALS, DECLARATION_STATUSES, DIRECTIONS, NOT_APPRAISED, NOT_DECLARED, OVERDUE,
  type Appraisal, type DeclarationStatus,
} from "../../shared/followup.js";
import { presentCampaign } from "./commitmentsView.js";
import { commitmentStandings } from "./commitmentStanding.js";
import { frozenCampaign, type ValueRecord } from "./frozenCampaign.js";
import { latestYearlyValue, progressCategory, trajectoryValue, type ProgressAssessment, type YearValue } from "./progressCategory.js";
import { parisDay } from "../../shared/frenchDates.js";

/**
 * The dashboard of a signed charter for one campaign (issue 11):
 * distributions of the commitments by declared status and by appraisal —
 * counts, never averages — overall and per organisation, procedure stage and
 * article; the overdue commitments; the one headline share; and per
 * indicator its definition, values, trajectory and progress category. The
 * yearly report and the public page build on it, so it reads only what the
 * campaign's layers say (latest revision of each declaration, latest
 * appraisal) and in a fixed number of queries; « échu », « en retard » and a
 * commitment's status are `commitmentStanding.ts`'s; a closed campaign is
 * read from its snapshot (`frozenCampaign.ts`).
 */

/** A declared status as counted: one of the six, or nothing declared in the campaign. */
export type StatusKey = DeclarationStatus | "non_renseigne";
/** An appraisal as counted: one of the five, or none yet. */
export type AppraisalKey = Appraisal | "non_apprecie";

export const STATUS_KEYS: StatusKey[] = [...(Object.keys(DECLARATION_STATUSES) as DeclarationStatus[]), "non_renseigne"];
export const APPRAISAL_KEYS: AppraisalKey[] = [...(Object.keys(APPRAISALS) as Appraisal[]), "non_apprecie"];
const statusLabel = (key: StatusKey) => key == "non_renseigne" ? NOT_DECLARED : DECLARATION_STATUSES[key];
const appraisalLabel = (key: AppraisalKey) => key == "non_apprecie" ? NOT_APPRAISED : APPRAISALS[key];

/** Counts of a group of commitments. */
export interface Distribution {
  total: number;
  byStatus: Record<StatusKey, number>;
  byAppraisal: Record<AppraisalKey, number>;
  /** « En retard »: computed, see `commitmentStanding.ts`. */
  overdue: number;
}

export interface DashboardCommitment {
  id: string;
  text: string;
  organisation: { id: string; name: string } | null;
  article: { number: number; heading: string };
  stage: { number: number; heading: string };
  due: string | null;
  status: StatusKey;
  statusLabel: string;
  /** Set when the status is a « Réalisé » or « Sans objet » declared in an earlier campaign and nothing was declared in this one. */
  fromEarlierCampaign: boolean;
  appraisal: AppraisalKey;
  appraisalLabel: string;
  /** Whether it is « échu » for the campaign (see `commitmentStanding.ts`). */
  fallenDue: boolean;
  overdue: boolean;
}

export interface DashboardIndicator {
  id: string;
  code: string;
  label: string;
  kind: string;
  commitmentId: string | null;
  unit: string | null;
  direction: "up" | "down" | null;
  directionLabel: string | null;
  source: string | null;
  method: string | null;
  organisation: { id: string; name: string } | null;
  baseline: YearValue | null;
  target: YearValue | null;
  /** One value per period (its latest entry), in period order. */
  values: { period: string; value: number; final: boolean }[];
  /** The expected value for each year from the baseline's to the target's. */
  trajectory: YearValue[];
  /** The yearly value the category is computed from. */
  latest: (YearValue & { final: boolean }) | null;
  progress: ProgressAssessment;
}

export type Dashboard = Awaited<ReturnType<typeof dashboardWithFacts>>["dashboard"];

interface Counted { status: StatusKey; appraisal: AppraisalKey; overdue: boolean }

function emptyDistribution(): Distribution {
  return {
    total: 0,
    byStatus: Object.fromEntries(STATUS_KEYS.map((k) => [k, 0])) as Record<StatusKey, number>,
    byAppraisal: Object.fromEntries(APPRAISAL_KEYS.map((k) => [k, 0])) as Record<AppraisalKey, number>,
    overdue: 0,
  };
}

function count(into: Distribution, c: Counted) {
  into.total++;
  into.byStatus[c.status]++;
  into.byAppraisal[c.appraisal]++;
  if (c.overdue) into.overdue++;
}

/**
 * The campaign a dashboard shows: the one asked for (of this charter), else
 * the one open or in review, else the latest closed; null before any.
 */
export function chooseCampaign(campaigns: CampaignRow[], campaignId?: string): CampaignRow | null {
  if (campaignId) {
    const asked = campaigns.find((c) => c.id == campaignId);
    if (!asked) throw new HttpError(404, "not_found", "Campagne introuvable pour cette charte.");
    return asked;
  }
  return campaigns.find((c) => c.state != "closed") ?? campaigns.filter((c) => c.state == "closed").at(-1) ?? null;
}

/**
 * The day up to which due dates count for a campaign: the end of its period,
 * or today if the period is not over (a commitment due after the period
 * falls to the next campaign). Without a campaign, today.
 */
export function referenceDay(campaign: CampaignRow | null, today: string): string {
  return campaign && campaign.end_date < today ? campaign.end_date : today;
}

/**
 * Builds the dashboard. `campaignId` picks the campaign (404 when it is not
 * one of this charter's); `today` (YYYY-MM-DD) is given by tests.
 */
export async function buildDashboard(db: Knex, charter: CharterRow, campaignId?: string, today = parisDay()) {
  return (await dashboardWithFacts(db, charter, campaignId, today)).dashboard;
}

/**
 * The dashboard, and for a closed campaign the snapshot it was built from
 * (the report reads the rest of what it says from the same snapshot). A
 * closed campaign is shown from its snapshot alone — commitments, latest
 * revisions, appraisals, indicators' definitions and values as they were at
 * the closing — so that nothing recorded or changed afterwards alters it.
 */
export async function dashboardWithFacts(db: Knex, charter: CharterRow, campaignId?: string, today = parisDay()) {
  // One round of queries whatever the size of the charter: everything per campaign is sorted out in memory.
  const [campaigns, liveCommitments, liveDeclarations, liveAppraisals, liveIndicators, liveValues, organisations] = await Promise.all([
    db<CampaignRow>("campaigns").where({ charter_id: charter.id }).orderBy([{ column: "created_at" }, { column: "id" }]),
    db<TrackedCommitmentRow>("tracked_commitments").where({ charter_id: charter.id }).orderBy("position")
      .select("commitment_id", "organisation_id", "article_number", "article_heading", "section_number", "section_heading", "text", "due", "indicator"),
    db("declarations").where({ charter_id: charter.id }).orderBy([{ column: "campaign_id" }, { column: "commitment_id" }, { column: "revision" }])
      .select("campaign_id", "commitment_id", "revision", "status") as Promise<{ campaign_id: string; commitment_id: string; revision: number; status: DeclarationStatus }[]>,
    db("appraisals").where({ charter_id: charter.id }).orderBy([{ column: "created_at" }, { column: "id" }])
      .select("campaign_id", "commitment_id", "appraisal") as Promise<{ campaign_id: string; commitment_id: string; appraisal: Appraisal }[]>,
    db("indicators").where({ charter_id: charter.id }).orderBy("position"),
    db("indicator_values").where({ charter_id: charter.id }).orderBy([{ column: "entered_at" }, { column: "id" }])
      .select("indicator_id", "period", "value", "final") as Promise<ValueRecord[]>,
    db("organisations")
      .whereIn("id", db("tracked_commitments").where({ charter_id: charter.id }).whereNotNull("organisation_id").select("organisation_id"))
      .orWhereIn("id", db("indicators").where({ charter_id: charter.id }).whereNotNull("organisation_id").select("organisation_id"))
      .select("id", "name") as Promise<{ id: string; name: string }[]>,
  ]);
  const campaign = chooseCampaign(campaigns, campaignId);
  const frozen = campaign ? frozenCampaign(campaign, liveIndicators) : null;
  const commitments = frozen?.commitments ?? liveCommitments;
  // The campaigns before a closed one are closed too (one campaign runs at a time): their declarations, read live, no longer change.
  const declarations = frozen ? [...liveDeclarations.filter((d) => d.campaign_id != campaign!.id), ...frozen.declarations] : liveDeclarations;
  const indicators = frozen?.indicators ?? liveIndicators;
  const values = frozen?.values ?? liveValues;
  const organisationName = new Map([...organisations, ...(frozen?.organisations ?? [])].map((o) => [o.id, o.name]));
  const organisationOf = (id: string | null) => id ? { id, name: organisationName.get(id) ?? "Organisation inconnue" } : null;

  const standing = commitmentStandings(campaigns, declarations, today);
  const appraised = new Map<string, Appraisal>();
  for (const a of frozen?.appraisals ?? liveAppraisals) if (a.campaign_id == campaign?.id) appraised.set(a.commitment_id, a.appraisal);

  const rows: DashboardCommitment[] = commitments.map((c) => {
    const s = standing(campaign, c);
    const status: StatusKey = s.status ?? "non_renseigne";
    const appraisal: AppraisalKey = appraised.get(c.commitment_id) ?? "non_apprecie";
    return {
      id: c.commitment_id, text: c.text, organisation: organisationOf(c.organisation_id),
      article: { number: c.article_number, heading: c.article_heading }, stage: { number: c.section_number, heading: c.section_heading },
      due: c.due, status, statusLabel: statusLabel(status), fromEarlierCampaign: s.fromEarlierCampaign,
      appraisal, appraisalLabel: appraisalLabel(appraisal), fallenDue: s.fallenDue, overdue: s.overdue,
    };
  });

  const valuesOf = new Map<string, typeof values>();
  for (const v of values) {
    if (!valuesOf.has(v.indicator_id)) valuesOf.set(v.indicator_id, []);
    valuesOf.get(v.indicator_id)!.push(v);
  }

  const overall = emptyDistribution();
  const byOrganisation = new Map<string, { organisation: { id: string; name: string } | null } & Distribution>();
  const byStage = new Map<number, { number: number; heading: string } & Distribution>();
  const byArticle = new Map<number, { number: number; heading: string; stage: number } & Distribution>();
  for (const r of rows) {
    count(overall, r);
    const orgKey = r.organisation?.id ?? "";
    if (!byOrganisation.has(orgKey)) byOrganisation.set(orgKey, { organisation: r.organisation, ...emptyDistribution() });
    count(byOrganisation.get(orgKey)!, r);
    if (!byStage.has(r.stage.number)) byStage.set(r.stage.number, { ...r.stage, ...emptyDistribution() });
    count(byStage.get(r.stage.number)!, r);
    if (!byArticle.has(r.article.number)) byArticle.set(r.article.number, { ...r.article, stage: r.stage.number, ...emptyDistribution() });
    count(byArticle.get(r.article.number)!, r);
  }

  // « Réalisés / échus, hors sans objet »: of the commitments fallen due with a status for this campaign (`commitmentStanding.ts`: declared
  // in it, or realised / without object earlier), not « Sans objet », the share « Réalisé ». Those fallen due with no status are counted
  // apart, not in the share: nobody said what became of them.
  const fallenDue = rows.filter((r) => r.fallenDue);
  const assessed = fallenDue.filter((r) => r.status != "non_renseigne" && r.status != "sans_objet");
  const realised = assessed.filter((r) => r.status == "realise").length;
  const headline = {
    label: "Réalisés / échus, hors sans objet",
    numerator: realised,
    denominator: assessed.length,
    share: assessed.length ? realised / assessed.length : null,
    fallenDue: fallenDue.length,
    notDeclared: fallenDue.filter((r) => r.status == "non_renseigne").length,
    withoutObject: fallenDue.filter((r) => r.status == "sans_objet").length,
  };

  const dashboard = {
    charter: { id: charter.id, title: charter.title },
    campaign: campaign ? presentCampaign(campaign) : null,
    campaigns: campaigns.map((c) => ({ id: c.id, label: c.label, state: c.state })),
    referenceDay: referenceDay(campaign, today),
    legend: {
      statuses: STATUS_KEYS.map((id) => ({ id, label: statusLabel(id) })),
      appraisals: APPRAISAL_KEYS.map((id) => ({ id, label: appraisalLabel(id) })),
      overdue: OVERDUE,
    },
    headline,
    distribution: overall,
    byOrganisation: [...byOrganisation.values()].sort((a, b) => !a.organisation ? 1 : !b.organisation ? -1 : a.organisation.name.localeCompare(b.organisation.name, "fr")),
    byStage: [...byStage.values()].sort((a, b) => a.number - b.number),
    byArticle: [...byArticle.values()].sort((a, b) => a.number - b.number),
    overdue: rows.filter((r) => r.overdue),
    commitments: rows,
    indicators: indicators.map((i): DashboardIndicator => presentIndicator(i, valuesOf.get(i.id) ?? [], organisationOf(i.organisation_id))),
  };
  return { dashboard, frozen, commitments };
}

function presentIndicator(i: Record<string, any>, entries: { period: string; value: number | string; final: boolean | number }[], organisation: DashboardIndicator["organisation"]): DashboardIndicator {
  const latestPerPeriod = new Map<string, { period: string; value: number; final: boolean }>();
  for (const e of entries) latestPerPeriod.set(e.period, { period: e.period, value: Number(e.value), final: !!e.final });
  const series = [...latestPerPeriod.values()].sort((a, b) => a.period.localeCompare(b.period));
  const baseline = i.baseline_value == null || i.baseline_year == null ? null : { value: Number(i.baseline_value), year: Number(i.baseline_year) };
  const target = i.target_value == null || i.target_year == null ? null : { value: Number(i.target_value), year: Number(i.target_year) };
  const trajectory: YearValue[] = [];
  if (baseline && target && target.year > baseline.year)
    for (let year = baseline.year; year <= target.year; year++) trajectory.push({ year, value: trajectoryValue(baseline, target, year)! });
  const latest = latestYearlyValue(series);
  const direction = i.direction == "up" || i.direction == "down" ? i.direction : null;
  return {
    id: i.id, code: i.code, label: i.label, kind: i.kind, commitmentId: i.commitment_id ?? null, unit: i.unit ?? null,
    direction, directionLabel: direction ? DIRECTIONS[direction as "up" | "down"] : null, source: i.source ?? null, method: i.method ?? null, organisation,
    baseline, target, values: series, trajectory, latest,
    progress: progressCategory({ direction, baseline, target, latest: latest && { value: latest.value, year: latest.year } }),
  };
}
