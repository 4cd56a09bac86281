import type { ReportModel } from "../../domain/followup/reportModel.js";
import type { ReportIndicator } from "../../domain/followup/reportIndicators.js";
import { DIRECTIONS } from "../../shared/followup.js";
import { frenchDay } from "../model.js";
import { parisDay } from "../../shared/frenchDates.js";

/** A cell of a report table: text, a number, a day (`YYYY-MM-DD`) or a moment (ISO), or nothing. */
export type ReportCell = string | number | { day: string } | { moment: string } | null;

export interface ReportColumn {
  header: string;
  /** Width in characters (spreadsheets). */
  width: number;
}

/** One table of the report, as the CSV and the workbook write it. */
export interface ReportTable {
  title: string;
  /** The workbook's sheet it goes to. */
  sheet: "Synthèse" | "Indicateurs" | "Engagements" | "Difficultés" | "Annexes";
  columns: ReportColumn[];
  rows: ReportCell[][];
}

const col = (header: string, width = 14): ReportColumn => ({ header, width });
const day = (d: string | null): ReportCell => (d ? { day: d } : null);


/** « Projet » while the campaign is not closed, « Arrêté le … » once it is. */
export function reportStanding(model: ReportModel): string {
  return model.campaign.closedAt ? `Arrêté le ${frenchDay(parisDay(model.campaign.closedAt))}` : "Projet";
}

/**
 * The report's tables, in the order of the report: the same for the CSV file
 * and the workbook, so that both say the same as the PDF.
 */
export function reportTables(model: ReportModel): ReportTable[] {
  const s = model.synthesis;
  const [n2, n1, n] = model.years;
  const indicatorColumns = [
    col("Code", 22), col("Indicateur", 50), col("Unité", 9), col("Sens souhaité", 14), col("Référence (valeur)", 12), col("Référence (année)", 10),
    col(`Réalisé ${n2}`, 11), col(`Réalisé ${n1}`, 11), col(`Réalisé ${n}`, 11), col(`Valeur ${n} définitive`, 10), col("Cible (valeur)", 11), col("Cible (année)", 10),
    col(`Trajectoire ${n}`, 11), col("Écart", 10), col("Catégorie", 20), col("Responsable", 28), col("Source", 30), col("Méthode de calcul", 50), col("Analyse", 60),
  ];
  const indicatorRow = (i: ReportIndicator): ReportCell[] => [
    i.code, i.label, i.unit, i.direction ? DIRECTIONS[i.direction] : null, i.baseline?.value ?? null, i.baseline?.year ?? null,
    i.years[0]?.value ?? null, i.years[1]?.value ?? null, i.years[2]?.value ?? null, i.years[2] ? (i.years[2].final ? "oui" : "non") : null,
    i.target?.value ?? null, i.target?.year ?? null, i.trajectory == null ? null : round(i.trajectory), i.gap == null ? null : round(i.gap), i.category,
    i.organisation, i.source, i.method, i.analysis,
  ];
  return [
    {
      title: "Campagne", sheet: "Synthèse", columns: [col("Rubrique", 34), col("Valeur", 70)],
      rows: [
        ["Charte", model.charter.title], ["Département", model.charter.departement], ["Campagne", model.campaign.label],
        ["Début de la période", day(model.campaign.start)], ["Fin de la période", day(model.campaign.end)], ["Date limite des déclarations", day(model.campaign.deadline)],
        ["Date du comité", day(model.campaign.committeeDate)], ["Statut du rapport", reportStanding(model)], ["Établi le", { moment: model.generatedAt }],
      ],
    },
    {
      title: "Synthèse", sheet: "Synthèse", columns: [col("Mesure", 60), col("Valeur", 14)],
      rows: [
        ["Engagements suivis", s.total], ["Date de référence des échéances", day(s.referenceDay)], ["Engagements échus", s.fallenDue],
        ["dont déclarés, hors sans objet (base de la part)", s.assessed], ["dont réalisés", s.realised], ["Engagements échus déclarés sans objet", s.withoutObject],
        ["Engagements échus non renseignés (comptés à part)", s.notDeclared], ["Réalisés / échus, hors sans objet (%)", s.share == null ? null : round(s.share * 100)],
        ["Engagements en retard", s.overdue],
      ],
    },
    { title: "Engagements par statut déclaré", sheet: "Synthèse", columns: [col("Statut déclaré", 30), col("Engagements", 12)], rows: s.byStatus.map((d) => [d.label, d.count]) },
    { title: "Engagements par appréciation", sheet: "Synthèse", columns: [col("Appréciation", 30), col("Engagements", 12)], rows: s.byAppraisal.map((d) => [d.label, d.count]) },
    {
      title: "Engagements par signataire", sheet: "Synthèse", columns: [col("Organisation", 40), col("Total", 8), ...s.statusColumns.map((c) => col(c, 12))],
      rows: s.byOrganisation.map((r) => [r.label, r.total, ...r.counts]),
    },
    {
      title: "Engagements par étape de la procédure", sheet: "Synthèse", columns: [col("Étape", 40), col("Total", 8), ...s.statusColumns.map((c) => col(c, 12))],
      rows: s.byStage.map((r) => [r.label, r.total, ...r.counts]),
    },
    { title: `Tableau de bord de la procédure (${n2}-${n})`, sheet: "Indicateurs", columns: indicatorColumns, rows: model.procedure.map(indicatorRow) },
    { title: "Objectifs quantitatifs et indicateurs de suivi", sheet: "Indicateurs", columns: indicatorColumns, rows: model.objectives.map(indicatorRow) },
    {
      title: "Respect des engagements", sheet: "Engagements",
      columns: [
        col("Étape", 8), col("Intitulé de l'étape", 30), col("Article", 8), col("Intitulé de l'article", 30), col("Organisation", 30), col("Engagement", 60),
        col("Échéance", 12), col("En retard", 9), col("Indicateur", 30), col(`Valeur ${n}`, 12), col("Statut déclaré", 14), col("Motif ou justification", 40),
        col("Observations de l'organisation", 60), col("Révisions", 9), col("Déclaré le", 18), col("Appréciation", 20), col("Commentaire de la revue", 50),
        col("Suite donnée", 14), col("Réponse de l'organisation", 10), col("Pièces justificatives", 50),
      ],
      rows: model.commitments.map((c) => [
        c.stage, c.stageHeading, c.article, c.articleHeading, c.organisation, c.text, day(c.due), c.overdue ? "oui" : "non", c.indicator, c.indicatorValue,
        c.statusLabel, c.reason, c.narrative, c.revisions, c.declaredAt ? { moment: c.declaredAt } : null, c.appraisalLabel, c.appraisalComment, c.outcomeLabel,
        c.answered ? "oui" : "non", c.evidence.map((e) => `${e.title}${e.sha256 ? ` (SHA-256 ${e.sha256})` : e.url ? ` (${e.url})` : ""}`).join(" | ") || null,
      ]),
    },
    {
      title: "Difficultés et mesures correctives", sheet: "Difficultés",
      columns: [col("Organisation", 30), col("Article", 8), col("Engagement", 60), col("Nature", 40), col("Motif ou observation de la revue", 60), col("Réponse ou mesure de l'organisation", 60)],
      rows: model.difficulties.map((d) => [d.organisation, d.article, d.commitment, d.kind, d.reason, d.response]),
    },
    {
      title: "Annexe : pièces justificatives", sheet: "Annexes",
      columns: [col("Pièce", 40), col("Organisation", 30), col("Nature", 8), col("Fichier", 30), col("Type", 24), col("Taille (octets)", 12), col("SHA-256", 66), col("Lien", 40), col("Déposée le", 18)],
      rows: model.evidence.map((e) => [e.title, e.organisation, e.kind == "file" ? "fichier" : "lien", e.filename, e.contentType, e.size, e.sha256, e.url, { moment: e.createdAt }]),
    },
    {
      title: "Annexe : empreintes", sheet: "Annexes", columns: [col("Objet", 50), col("SHA-256", 66)],
      rows: [["Version signée de la charte", model.charter.versionHash], ["Instantané de la campagne close", model.campaign.snapshotSha256 ?? "Campagne non close : pas encore d'instantané"]],
    },
  ];
}

const round = (x: number) => Math.round(x * 10) / 10;
