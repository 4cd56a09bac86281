import { route, type RouteDef } from "../route.js";
import { reportModel } from "../../domain/followup/reportModel.js";
import { renderReportCsv } from "../../export/report/renderReportCsv.js";
import { exportRenderer } from "../../export/exportRenderer.js";
import { slug } from "../../export/filenames.js";

const FORMATS = {
  pdf: { contentType: "application/pdf", what: "a tagged PDF (A4 landscape, bookmarks, tables with header cells, embedded fonts, page numbers, « PROJET » until the campaign is closed)" },
  csv: { contentType: "text/csv; charset=utf-8", what: "a CSV file (UTF-8 with BOM, `;`, one table after the other under its title; text a spreadsheet would run as a formula is neutralised)" },
  xlsx: { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", what: "an Excel workbook (sheets Synthèse, Indicateurs, Engagements, Difficultés, Annexes; dates as dates)" },
} as const;

/** One format of a campaign's yearly evaluation report. */
function reportRoute(extension: keyof typeof FORMATS): RouteDef {
  const { contentType, what } = FORMATS[extension];
  return route({
    method: "get", path: `/charters/:id/campaigns/:campaignId/report.${extension}`, tag: "followup", access: { charter: "compliance:read" }, budget: "exports",
    produces: contentType.split(";")[0],
    summary: `The campaign's yearly evaluation report, in French, as ${what}: cover (period, committee date, « Projet » or « Arrêté le … »), synthesis, procedure dashboard N-2…N, quantitative objectives, respect of the commitments by stage and signatory, difficulties and corrective measures, annexes (evidence with SHA-256, snapshot and signed version hashes).`,
    responds: `The ${extension.toUpperCase()} file, as an attachment named after the campaign; 404 for a campaign the charter does not have.`,
    async handle({ services, charter, params }) {
      const model = await reportModel(services.db, charter!, params.campaignId);
      const data = extension == "csv" ? renderReportCsv(model) : await exportRenderer.render(`report.${extension}`, model);
      const name = `Rapport d'évaluation — ${model.campaign.label}`.replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]+/gu, " ").replace(/\s+/g, " ").trim();
      return { file: { contentType, filename: `${name}.${extension}`, asciiFilename: `${slug(`rapport-evaluation-${model.campaign.label}`).slice(0, 80) || "rapport"}.${extension}`, data } };
    },
  });
}

/** The yearly evaluation report of a campaign (issue 11), for every member of the charter. */
export const followupReportRoutes = [reportRoute("pdf"), reportRoute("csv"), reportRoute("xlsx")];
