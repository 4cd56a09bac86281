import type { ReportCommitment, ReportModel } from "../../domain/followup/reportModel.js";
import { frenchNumber } from "../../domain/followup/reportIndicators.js";
import type { ReportIndicator } from "../../domain/followup/reportIndicators.js";
import { DIRECTIONS } from "../../shared/followup.js";
import { PDF_STYLE, PdfWriter } from "../pdf/pdfWriter.js";
import { drawWatermark } from "../pdf/renderCharterPdf.js";
import { pdfTable } from "./pdfTable.js";
import { frenchDateTime, frenchDay, sectionLabel } from "../model.js";
import { reportStanding } from "./reportTables.js";

/**
 * The yearly evaluation report as a tagged PDF (A4 landscape, for its wide
 * tables): cover, synthesis, procedure dashboard, quantitative objectives in
 * the layout of the budget performance annexes, respect of the commitments
 * stage by stage, difficulties and corrective measures, annexes with the
 * evidence's and the campaign's hashes. Every part is a bookmark; tables have
 * header cells; fonts are embedded; « Projet » across every page until the
 * campaign is closed.
 */
export function renderReportPdf(model: ReportModel): Promise<Buffer> {
  const standing = reportStanding(model);
  const writer = new PdfWriter({
    title: `Rapport d'évaluation — ${model.campaign.label}`,
    author: `Charte — département de ${model.charter.departement}`,
    subject: `Évaluation annuelle de la charte « ${model.charter.title} » (${standing})`,
    keywords: `charte, prévention des expulsions, évaluation, CCAPEX, PDALHPD, ${model.campaign.label}`,
    creationDate: new Date(model.generatedAt),
  }, { layout: "landscape" });
  const draft = !model.campaign.closedAt;
  if (draft) writer.everyPage(drawWatermark);
  writer.newPage();
  writeCover(writer, model, standing);
  const parts: [string, (sect: PDFKit.PDFStructureElement, outline: PDFKit.PDFOutline) => void][] = [
    ["1. Synthèse", (sect) => writeSynthesis(writer, model, sect)],
    [`2. Tableau de bord de la procédure (${model.years[0]}-${model.years[2]})`, (sect) => writeProcedure(writer, model, sect)],
    ["3. Objectifs quantitatifs", (sect) => writeObjectives(writer, model, sect)],
    ["4. Respect des engagements", (sect, outline) => writeCommitments(writer, model, sect, outline)],
    ["5. Difficultés et mesures correctives", (sect) => writeDifficulties(writer, model, sect)],
    ["6. Annexes", (sect) => writeAnnexes(writer, model, sect)],
  ];
  for (const [title, write] of parts) {
    writer.newPage();
    const sect = writer.group("Sect", writer.root, { title });
    writer.heading(1, title, sect, { size: 16 });
    write(sect, writer.doc.outline.addItem(title));
    sect.end();
  }
  return writer.finish((page, count) => {
    const { doc } = writer;
    const y = doc.page.height - PDF_STYLE.margins.bottom + 28;
    const width = writer.width();
    doc.save().moveTo(writer.left, y - 8).lineTo(writer.left + width, y - 8).lineWidth(0.5).strokeColor(PDF_STYLE.rule).stroke().restore();
    doc.font("sans").fontSize(8).fillColor(PDF_STYLE.muted);
    const number = `Page ${page} / ${count}`;
    const numberWidth = doc.widthOfString(number);
    doc.text(`Rapport d'évaluation — ${model.campaign.label} · ${standing}`, writer.left, y, { width: width - numberWidth - 12, lineBreak: false, ellipsis: true });
    doc.text(number, writer.left + width - numberWidth, y, { lineBreak: false });
  });
}

const muted = { font: "sans" as const, size: 9, color: PDF_STYLE.muted, after: 3 };

function writeCover(writer: PdfWriter, model: ReportModel, standing: string): void {
  const { doc } = writer;
  const c = model.campaign;
  writer.paragraph(`Département de ${model.charter.departement}`, writer.root, { font: "sans", size: 10, color: PDF_STYLE.muted, after: 30 });
  writer.heading(1, `Rapport d'évaluation annuelle — ${c.label}`, writer.root, { size: 24, after: 10 });
  writer.paragraph(model.charter.title, writer.root, { font: "serifItalic", size: 13, after: 24 });
  const box = writer.group("Div", writer.root);
  const start = { page: writer.pageIndex, y: doc.y - 2 };
  const line = { indent: 14, font: "sans" as const, size: 11, after: 5 };
  writer.paragraph(`Période évaluée : du ${frenchDay(c.start)} au ${frenchDay(c.end)}`, box, line);
  writer.paragraph(`Date limite des déclarations : ${frenchDay(c.deadline)}`, box, line);
  writer.paragraph(`Comité du ${frenchDay(c.committeeDate)} (comité responsable du PDALHPD et CCAPEX, décret n° 2016-393)`, box, line);
  writer.paragraph(standing, box, { ...line, font: "sansBold", size: 16, color: PDF_STYLE.accent, after: 4 });
  writer.paragraph(
    c.closedAt
      ? "Campagne close : les déclarations et appréciations sont figées dans un instantané dont l'empreinte figure en annexe."
      : "Projet : la campagne n'est pas close, les déclarations et appréciations peuvent encore changer.",
    box, { ...muted, indent: 14 },
  );
  box.end();
  writer.sideRule(start, writer.left + 2, PDF_STYLE.accent);
  doc.y += 24;
  writer.paragraph(`Établi le ${frenchDateTime(model.generatedAt)} par Charte, à partir des déclarations des organisations signataires, de la revue du comité et des indicateurs saisis.`, writer.root, muted);
}

function writeSynthesis(writer: PdfWriter, model: ReportModel, sect: PDFKit.PDFStructureElement): void {
  const s = model.synthesis;
  const share = s.share == null ? "aucun engagement échu n'a été déclaré" : `${frenchNumber(Math.round(s.share * 1000) / 10)} %`;
  writer.paragraph(`Réalisés / échus, hors sans objet : ${share}${s.assessed ? ` (${s.realised} sur ${s.assessed})` : ""}.`, sect, { font: "sansBold", size: 13, color: PDF_STYLE.accent, after: 6 });
  const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
  writer.paragraph(
    `Sur ${s.total} engagements suivis, ${plural(s.fallenDue, "était échu", "étaient échus")} au ${frenchDay(s.referenceDay)} : ${plural(s.assessed, "déclaré", "déclarés")} hors sans objet (la base de la part ci-dessus), ` +
    `${plural(s.withoutObject, "déclaré", "déclarés")} sans objet et ${plural(s.notDeclared, "non renseigné", "non renseignés")}, comptés à part. ` +
    `${plural(s.overdue, "engagement est", "engagements sont")} en retard (échéance passée, ni réalisé ni sans objet).`,
    sect, { after: 10 },
  );
  const dist = (caption: string, head: string, rows: { label: string; count: number }[]) =>
    pdfTable(writer, sect, { caption, rowHeaders: true, size: 8.5, columns: [{ header: head, width: 0.35 }, { header: "Engagements", width: 0.15, align: "right" }, { header: "Part", width: 0.15, align: "right" }],
      rows: rows.map((r) => [r.label, String(r.count), s.total ? `${frenchNumber(Math.round((r.count / s.total) * 1000) / 10)} %` : "—"]) });
  dist("Engagements par statut déclaré", "Statut déclaré", s.byStatus);
  dist("Engagements par appréciation de la revue", "Appréciation", s.byAppraisal);
  const breakdown = (caption: string, head: string, rows: { label: string; total: number; counts: number[] }[]) => {
    const share = 0.66 / (s.statusColumns.length + 1);
    pdfTable(writer, sect, {
      caption, rowHeaders: true,
      columns: [{ header: head, width: 0.34 }, { header: "Total", width: share, align: "right" }, ...s.statusColumns.map((c) => ({ header: c, width: share, align: "right" as const }))],
      rows: rows.map((r) => [r.label, String(r.total), ...r.counts.map(String)]),
    });
  };
  breakdown("Engagements par organisation signataire et statut déclaré", "Organisation", s.byOrganisation);
  breakdown("Engagements par étape de la procédure et statut déclaré", "Étape", s.byStage);
}

const yearCell = (i: ReportIndicator, k: number) => {
  const v = i.years[k];
  return v ? `${frenchNumber(v.value, i.unit)}${v.final ? "" : " (p)"}` : "—";
};

function writeProcedure(writer: PdfWriter, model: ReportModel, sect: PDFKit.PDFStructureElement): void {
  const [n2, n1, n] = model.years;
  writer.paragraph("Les étapes de la procédure, du commandement de payer à l'intervention de la force publique, avec la couverture du diagnostic social et financier et l'activité de la CCAPEX. (p) : valeur provisoire.", sect, muted);
  pdfTable(writer, sect, {
    caption: `Tableau de bord de la procédure, ${n2} à ${n}`, rowHeaders: true,
    columns: [
      { header: "Indicateur", width: 0.34 }, { header: "Unité", width: 0.07 }, { header: `Réalisé ${n2}`, width: 0.09, align: "right" },
      { header: `Réalisé ${n1}`, width: 0.09, align: "right" }, { header: `Réalisé ${n}`, width: 0.09, align: "right" }, { header: "Sens souhaité", width: 0.1 },
      { header: "Source", width: 0.22 },
    ],
    rows: model.procedure.map((i) => [i.label, i.unit ?? "—", yearCell(i, 0), yearCell(i, 1), yearCell(i, 2), i.direction ? DIRECTIONS[i.direction] : "—", i.source ?? "—"]),
  });
}

function writeObjectives(writer: PdfWriter, model: ReportModel, sect: PDFKit.PDFStructureElement): void {
  const [n2, n1, n] = model.years;
  writer.paragraph("Présentation des annexes « projets annuels de performances » : valeur de référence, réalisés, trajectoire attendue de la référence à la cible, écart et catégorie de progrès (calculée comme Open SDG à partir du sens souhaité). (p) : valeur provisoire.", sect, muted);
  pdfTable(writer, sect, {
    caption: "Objectifs quantitatifs et indicateurs de suivi", rowHeaders: true, size: 7.5,
    columns: [
      { header: "Indicateur", width: 0.25 }, { header: "Unité", width: 0.055 }, { header: "Référence", width: 0.075, align: "right" },
      { header: `Réalisé ${n2}`, width: 0.07, align: "right" }, { header: `Réalisé ${n1}`, width: 0.07, align: "right" },
      { header: `Trajectoire ${n}`, width: 0.075, align: "right" }, { header: `Réalisé ${n}`, width: 0.07, align: "right" },
      { header: "Cible", width: 0.08, align: "right" }, { header: "Écart à la trajectoire", width: 0.08, align: "right" }, { header: "Catégorie", width: 0.095 },
      { header: "Sens", width: 0.06 },
    ],
    rows: model.objectives.map((i) => [
      i.label, i.unit ?? "—", i.baseline ? `${frenchNumber(i.baseline.value, i.unit)} (${i.baseline.year})` : "—", yearCell(i, 0), yearCell(i, 1),
      frenchNumber(i.trajectory, i.unit), yearCell(i, 2), i.target ? `${frenchNumber(i.target.value, i.unit)} (${i.target.year})` : "—",
      i.gap == null ? "—" : `${i.gap > 0 ? "+" : ""}${frenchNumber(Math.round(i.gap * 10) / 10, i.unit)}`, i.category, i.direction == "up" ? "↑" : i.direction == "down" ? "↓" : "—",
    ]),
  });
  pdfTable(writer, sect, {
    caption: "Précisions méthodologiques et analyse des résultats", rowHeaders: true, size: 7.5,
    columns: [{ header: "Indicateur", width: 0.25 }, { header: "Source des données", width: 0.17 }, { header: "Mode de calcul", width: 0.25 }, { header: "Analyse des résultats", width: 0.33 }],
    rows: model.objectives.map((i) => [i.label, [i.source, i.organisation ? `Responsable : ${i.organisation}` : null].filter(Boolean).join("\n") || "—", i.method ?? "—", i.analysis]),
  });
}

function commitmentRow(c: ReportCommitment): string[] {
  return [
    String(c.article), c.organisation,
    `${c.text}${c.due ? `\nÉchéance : ${frenchDay(c.due)}${c.overdue ? " — en retard" : ""}` : ""}`,
    c.indicator ? `${c.indicator}${c.indicatorValue ? `\nValeur : ${c.indicatorValue}` : ""}` : "—",
    `${c.statusLabel}${c.reason ? `\nMotif : ${c.reason}` : ""}`,
    `${c.appraisalLabel}${c.outcomeLabel ? ` — ${c.outcomeLabel}` : ""}${c.appraisalComment ? `\n${c.appraisalComment}` : ""}`,
    c.evidence.map((e) => `${e.title}${e.sha256 ? ` (SHA-256 ${e.sha256.slice(0, 12)}…)` : ""}`).join("\n") || "—",
    `${c.answered ? "Réponse à la revue : " : ""}${c.narrative}` || "—",
  ];
}

function writeCommitments(writer: PdfWriter, model: ReportModel, sect: PDFKit.PDFStructureElement, outline: PDFKit.PDFOutline): void {
  writer.paragraph("Par étape de la procédure (les titres de la charte), puis par organisation signataire : le statut est celui que l'organisation a déclaré, l'appréciation celle de la revue ; les observations sont celles de l'organisation.", sect, muted);
  const order = (name: string) => model.organisations.indexOf(name);
  const stages = [...new Map(model.commitments.map((c) => [c.stage, c.stageHeading])).entries()].sort((a, b) => a[0] - b[0]);
  for (const [number, heading] of stages) {
    const title = `${sectionLabel(number)} — ${heading}`;
    const stage = writer.group("Sect", sect, { title });
    writer.heading(2, title, stage, { size: 12, before: 4 });
    outline.addItem(title);
    const rows = model.commitments.filter((c) => c.stage == number).sort((a, b) => order(a.organisation) - order(b.organisation) || a.article - b.article);
    pdfTable(writer, stage, {
      caption: `Engagements du ${sectionLabel(number).toLowerCase()}`, size: 7.2,
      columns: [
        { header: "Art.", width: 0.04 }, { header: "Organisation", width: 0.12 }, { header: "Engagement et échéance", width: 0.24 }, { header: "Indicateur et valeur", width: 0.12 },
        { header: "Statut déclaré", width: 0.09 }, { header: "Appréciation de la revue", width: 0.12 }, { header: "Pièces", width: 0.09 },
        { header: "Observations de l'organisation", width: 0.18 },
      ],
      rows: rows.map(commitmentRow),
    });
    stage.end();
  }
}

function writeDifficulties(writer: PdfWriter, model: ReportModel, sect: PDFKit.PDFStructureElement): void {
  if (!model.difficulties.length) {
    writer.paragraph("Aucun engagement n'a été déclaré bloqué ou abandonné, et la revue n'a contesté ni demandé de compléter aucune déclaration.", sect);
    return;
  }
  writer.paragraph("Les engagements déclarés bloqués ou abandonnés, avec le motif donné et ce que l'organisation en dit ; les déclarations contestées ou à compléter, avec l'observation de la revue et la réponse de l'organisation.", sect, muted);
  pdfTable(writer, sect, {
    caption: "Difficultés et mesures correctives", size: 7.5,
    columns: [
      { header: "Organisation", width: 0.13 }, { header: "Art.", width: 0.04 }, { header: "Engagement", width: 0.23 }, { header: "Nature", width: 0.13 },
      { header: "Motif ou observation de la revue", width: 0.22 }, { header: "Réponse ou mesure de l'organisation", width: 0.25 },
    ],
    rows: model.difficulties.map((d) => [d.organisation, String(d.article), d.commitment, d.kind, d.reason || "—", d.response || "—"]),
  });
}

function writeAnnexes(writer: PdfWriter, model: ReportModel, sect: PDFKit.PDFStructureElement): void {
  writer.heading(2, "Empreintes", sect, { size: 12 });
  const mono = { font: "mono" as const, size: 8, after: 6 };
  writer.paragraph("Empreinte SHA-256 de la version signée de la charte :", sect, { font: "sans", size: 9.5, after: 2 });
  writer.paragraph(model.charter.versionHash, sect, mono);
  writer.paragraph("Empreinte SHA-256 de l'instantané de la campagne close :", sect, { font: "sans", size: 9.5, after: 2 });
  writer.paragraph(model.campaign.snapshotSha256 ?? "La campagne n'est pas close : son instantané sera figé et son empreinte calculée à la clôture.", sect, model.campaign.snapshotSha256 ? mono : muted);
  writer.paragraph(`L'instantané (fichier JSON) est servi par l'API de Charte : /api/charters/${model.charter.id}/campaigns/${model.campaign.id}/snapshot ; son empreinte SHA-256 doit être celle ci-dessus.`, sect, { ...muted, after: 12 });
  writer.heading(2, "Pièces justificatives", sect, { size: 12 });
  if (!model.evidence.length) {
    writer.paragraph("Aucune pièce justificative n'a été déposée pour cette campagne.", sect);
    return;
  }
  pdfTable(writer, sect, {
    caption: "Pièces justificatives déposées pour la campagne", size: 7,
    // Wide enough for a SHA-256 on one line, as it is compared character by character.
    columns: [
      { header: "Pièce", width: 0.17 }, { header: "Organisation", width: 0.13 }, { header: "Fichier ou lien", width: 0.14 }, { header: "Taille", width: 0.06, align: "right" },
      { header: "Déposée le", width: 0.1 }, { header: "Empreinte SHA-256", width: 0.4, font: "mono" },
    ],
    rows: model.evidence.map((e) => [
      e.title, e.organisation, e.kind == "file" ? `${e.filename ?? "fichier"}${e.contentType ? `\n${e.contentType}` : ""}` : e.url ?? "lien",
      e.size == null ? "—" : `${frenchNumber(Math.ceil(e.size / 1024))} Ko`, frenchDateTime(e.createdAt), e.sha256 ?? "— (lien)",
    ]),
  });
}
