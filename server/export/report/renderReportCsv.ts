import type { ReportModel } from "../../domain/followup/reportModel.js";
import { reportTables, type ReportCell } from "./reportTables.js";

/**
 * The report as a CSV file for French spreadsheets: UTF-8 with a BOM, `;`
 * between cells, CRLF line ends, days as 31/12/2027, each table under its title and separated by
 * an empty line. Text that a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a carriage return) is neutralised with a leading
 * apostrophe; numbers are written with a decimal comma.
 */
export function renderReportCsv(model: ReportModel): Buffer {
  const lines: string[] = [];
  for (const table of reportTables(model)) {
    lines.push(csvLine([table.title]));
    lines.push(csvLine(table.columns.map((c) => c.header)));
    for (const row of table.rows) lines.push(csvLine(row));
    lines.push("");
  }
  return Buffer.from("\uFEFF" + lines.join("\r\n"), "utf8");
}

function csvLine(cells: ReportCell[]): string {
  return cells.map((cell) => quoted(cellText(cell))).join(";");
}

function cellText(cell: ReportCell): string {
  if (cell == null) return "";
  if (typeof cell == "number") return String(cell).replace(".", ",");
  if (typeof cell == "object") return "day" in cell ? cell.day.split("-").reverse().join("/") : parisMoment(cell.moment);
  return neutralised(cell);
}

/** « 31/12/2027 14:05 », Paris time: what a French spreadsheet reads as a date and time. */
function parisMoment(iso: string): string {
  return new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Paris" }).format(new Date(iso));
}

/** Text a spreadsheet would take for a formula, made inert. */
export function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quoted(text: string): string {
  return /[";\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
