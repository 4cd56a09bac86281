import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import type { CharterRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { getVersion } from "../../store/versions.js";
import { listSignatories } from "../../store/charters.js";
import { parseCharterDocument } from "../../shared/validate.js";
import { departementByCode } from "../../shared/departements.js";
import { buildExportModel, plainText } from "../../export/model.js";
import { TEMPLATE_OBJECTIVES } from "./objectives.js";

/**
 * Makes every commitment of the signed version a tracked commitment, and
 * seeds the indicators (each commitment's own, then the template's
 * objectives). Runs in the signing transaction, so a charter is never signed
 * without them. Numbers and headings are those of the signed text: they stay
 * as signed even if an amendment later renumbers the articles.
 */
export async function commitmentTracker(trx: Knex, charter: CharterRow, versionId: string, endDate: string): Promise<number> {
  const version = (await getVersion(trx, charter.id, versionId))!;
  const doc = parseCharterDocument(JSON.parse(version.document));
  const parties = new Map<string, string | null>();
  doc.descendants((node) => {
    if (node.type.name == "commitment" && node.attrs.id) parties.set(node.attrs.id, node.attrs.party ?? null);
    return node.type.name != "commitment";
  });
  const model = buildExportModel(doc, {
    departement: departementByCode(charter.department_code) ?? { code: charter.department_code, name: charter.department_code },
    state: "signed", signed: true,
    version: { id: version.id, number: version.named_number ?? version.number, label: version.label, hash: version.hash, createdAt: version.created_at, author: null },
    organisationName: () => "",
  });
  const at = now();
  const rows: Record<string, unknown>[] = [];
  const indicators: Record<string, unknown>[] = [];
  const seen = new Set(await trx("tracked_commitments").where({ charter_id: charter.id }).pluck("commitment_id"));
  for (const section of model.sections) {
    for (const article of section.articles) {
      let k = 0;
      for (const item of article.content) {
        if (item.kind != "commitment" || !item.id) continue;
        k++;
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        const organisationId = parties.get(item.id) ?? null;
        rows.push({
          charter_id: charter.id, commitment_id: item.id, version_id: version.id, version_hash: version.hash, organisation_id: organisationId,
          article_id: article.id, article_number: article.number, article_heading: article.heading, section_number: section.number, section_heading: section.heading,
          text: plainText(item.inlines).trim(), due: item.due, indicator: item.indicator, position: rows.length, created_at: at,
        });
        if (item.indicator) indicators.push({
          code: `ENG-${article.number}-${k}`, label: item.indicator, kind: "commitment", commitment_id: item.id, organisation_id: organisationId,
          target_year: item.due ? Number(item.due.slice(0, 4)) : null,
        });
      }
    }
  }
  const byKind = new Map((await listSignatories(trx, charter.id)).map((o) => [o.kind, o.id]));
  const endYear = Number(endDate.slice(0, 4));
  for (const o of TEMPLATE_OBJECTIVES) {
    indicators.push({
      code: o.code, label: o.label, kind: "objective", commitment_id: null, unit: o.unit, direction: o.direction, source: o.source, method: o.method,
      target_value: o.target ?? null, target_year: o.target != null ? endYear : null, organisation_id: (o.responsible && byKind.get(o.responsible)) ?? null,
    });
  }
  const existing = new Set(await trx("indicators").where({ charter_id: charter.id }).pluck("code"));
  const fresh = indicators.filter((i) => !existing.has(i.code));
  for (let i = 0; i < rows.length; i += 100) await trx("tracked_commitments").insert(rows.slice(i, i + 100));
  const start = existing.size;
  const indicatorRows = fresh.map((i, n) => ({ id: randomUUID(), charter_id: charter.id, position: start + n, created_at: at, updated_at: at, ...i }));
  for (let i = 0; i < indicatorRows.length; i += 100) await trx("indicators").insert(indicatorRows.slice(i, i + 100));
  return rows.length;
}
