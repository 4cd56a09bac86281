import type { ReportModel } from "../../domain/followup/reportModel.js";
import { reportTables, type ReportCell } from "./reportTables.js";

/**
 * The report as an Excel workbook (exceljs, loaded here only: the export
 * worker runs this): one sheet each for the synthesis, the indicators, the
 * commitments, the difficulties and the annexes; each table under its title
 * with a bold header row (frozen, and a filter where the table is alone in
 * its sheet) and set column widths; days and moments as real dates; printed
 * landscape on A4, one page wide. Text is written as text, never as a formula.
 */
export async function renderReportXlsx(model: ReportModel): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Charte";
  workbook.created = new Date(model.generatedAt);
  workbook.title = `Rapport d'évaluation — ${model.campaign.label}`;
  const sheets = new Map<string, import("exceljs").Worksheet>();
  for (const table of reportTables(model)) {
    let sheet = sheets.get(table.sheet);
    const first = !sheet;
    if (!sheet) {
      sheet = workbook.addWorksheet(table.sheet, { pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
      sheets.set(table.sheet, sheet);
    }
    if (!first) sheet.addRow([]);
    sheet.addRow([table.title]).font = { bold: true, size: 12 };
    const header = sheet.addRow(table.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: "top" };
    header.eachCell((cell) => { cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8E8F4" } }; });
    // The first table's header stays in view (the others scroll with their sheet).
    if (first) sheet.views = [{ state: "frozen", ySplit: header.number }];
    table.columns.forEach((c, i) => {
      const column = sheet!.getColumn(i + 1);
      column.width = Math.max(column.width ?? 0, c.width);
    });
    // One table to a sheet: its header filters it.
    if (table.sheet == "Engagements" || table.sheet == "Difficultés") sheet.autoFilter = { from: { row: header.number, column: 1 }, to: { row: header.number, column: table.columns.length } };
    for (const cells of table.rows) {
      const row = sheet.addRow(cells.map(cellValue));
      row.alignment = { wrapText: true, vertical: "top" };
      cells.forEach((cell, i) => {
        if (cell && typeof cell == "object") row.getCell(i + 1).numFmt = "day" in cell ? "dd/mm/yyyy" : "dd/mm/yyyy hh:mm";
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function cellValue(cell: ReportCell): string | number | Date | null {
  if (cell == null || typeof cell == "string" || typeof cell == "number") return cell;
  // A day is midnight UTC (Excel dates have no time zone); a moment is shown in Paris time.
  if ("day" in cell) return new Date(`${cell.day}T00:00:00Z`);
  return parisWallClock(cell.moment);
}

/** The moment as the wall clock in Paris shows it, as a UTC date (what a spreadsheet displays as is). */
function parisWallClock(iso: string): Date {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
    .formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return new Date(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`);
}
