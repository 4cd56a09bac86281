import { PERIOD } from "./indicatorValues.js";

/** A problem with one cell of an imported file, as the API reports it. */
export interface CsvProblem {
  line: number;
  column: string;
  message: string;
}

/** A value read from the file. */
export interface CsvValue {
  line: number;
  code: string;
  period: string;
  value: number;
  final: boolean;
}

const COLUMNS = ["indicateur", "période", "valeur"] as const;

/**
 * Reads a CSV file of indicator values: UTF-8 (a BOM allowed), `;` or `,`
 * between cells (the header line tells which), a header
 * `indicateur;période;valeur` and an optional fourth column `définitive`
 * (oui/non). Values may use a decimal comma when cells are separated by `;`.
 * Returns every row, or every problem with its line and column: the caller
 * imports all or nothing.
 */
export function parseValuesCsv(text: string, knownCodes: Set<string>): { values: CsvValue[]; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const values: CsvValue[] = [];
  const source = text.replace(/^\uFEFF/, "");
  const lines = source.split(/\r\n|\n|\r/);
  while (lines.length && lines.at(-1)!.trim() == "") lines.pop();
  if (!lines.length) return { values, problems: [{ line: 1, column: "indicateur", message: "Le fichier est vide : la première ligne doit être « indicateur;période;valeur »." }] };
  const delimiter = lines[0].includes(";") ? ";" : ",";
  const header = (splitLine(lines[0], delimiter) ?? []).map((h) => h.trim().toLowerCase().normalize("NFC"));
  const index = new Map(header.map((h, i) => [h.replace("periode", "période").replace("definitive", "définitive"), i]));
  const missing = COLUMNS.filter((c) => !index.has(c));
  if (missing.length) {
    return { values, problems: missing.map((c) => ({ line: 1, column: c, message: `Colonne « ${c} » absente de la première ligne (attendu : « indicateur${delimiter}période${delimiter}valeur »).` })) };
  }
  const seen = new Map<string, number>();
  for (let n = 1; n < lines.length; n++) {
    const line = n + 1;
    if (lines[n].trim() == "") {
      problems.push({ line, column: "indicateur", message: "Ligne vide." });
      continue;
    }
    const cells = splitLine(lines[n], delimiter);
    if (cells == null) {
      problems.push({ line, column: "indicateur", message: "Guillemets non refermés." });
      continue;
    }
    const cell = (name: string) => (cells[index.get(name)!] ?? "").trim();
    const code = cell("indicateur");
    const period = cell("période");
    const raw = cell("valeur");
    let ok = true;
    if (!code) { problems.push({ line, column: "indicateur", message: "Code d'indicateur manquant." }); ok = false; }
    else if (!knownCodes.has(code)) { problems.push({ line, column: "indicateur", message: `Indicateur « ${code.slice(0, 60)} » inconnu dans cette charte.` }); ok = false; }
    if (!PERIOD.test(period)) { problems.push({ line, column: "période", message: period ? `Période « ${period.slice(0, 20)} » invalide : une année (2027), un semestre (2027-S1), un trimestre (2027-T2) ou un mois (2027-03).` : "Période manquante." }); ok = false; }
    const normalised = delimiter == ";" ? raw.replace(/\s|\u00a0|\u202f/g, "").replace(",", ".") : raw.replace(/\s/g, "");
    const value = /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : NaN;
    if (!Number.isFinite(value)) { problems.push({ line, column: "valeur", message: raw ? `Valeur « ${raw.slice(0, 20)} » invalide : un nombre est attendu.` : "Valeur manquante." }); ok = false; }
    let final = false;
    if (index.has("définitive")) {
      const f = cell("définitive").toLowerCase();
      if (["oui", "o", "1", "vrai"].includes(f)) final = true;
      else if (!["", "non", "n", "0", "faux"].includes(f)) { problems.push({ line, column: "définitive", message: "Indiquez « oui » ou « non »." }); ok = false; }
    }
    if (!ok) continue;
    const key = `${code}/${period}`;
    if (seen.has(key)) {
      problems.push({ line, column: "période", message: `Valeur en double : « ${code} » pour ${period} figure déjà ligne ${seen.get(key)}.` });
      continue;
    }
    seen.set(key, line);
    values.push({ line, code, period, value, final });
  }
  return { values, problems };
}

/** Splits one line into cells, with `"…"` quoting (`""` for a quote); null when a quote is left open. */
function splitLine(line: string, delimiter: string): string[] | null {
  // Most lines quote nothing: split at once rather than character by character.
  if (!line.includes('"')) return line.split(delimiter);
  const cells: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch == '"' && line[i + 1] == '"') { current += '"'; i++; }
      else if (ch == '"') quoted = false;
      else current += ch;
    } else if (ch == '"' && current.trim() == "") { quoted = true; current = ""; }
    else if (ch == delimiter) { cells.push(current); current = ""; }
    else current += ch;
  }
  if (quoted) return null;
  cells.push(current);
  return cells;
}
