import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import type { Services } from "../../services.js";
import type { CharterRow, UserRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { recordAudit } from "../../store/audit.js";
import { conflict, notFound } from "../../http/errors.js";
import { freezingCampaign, type ClosedCampaign } from "./frozenValues.js";

/** A period a value is for: a year (`2027`), a half (`2027-S1`), a quarter (`2027-T2`) or a month (`2027-03`). */
export const PERIOD = /^(19|20)\d{2}(-(S[12]|T[1-4]|0[1-9]|1[0-2]))?$/;

/** The columns of each value in the audit entry of an import (`details.values` holds one array per value). */
export const IMPORT_AUDIT_COLUMNS = ["code", "period", "value", "final"] as const;

export interface IndicatorValueInput {
  period: string;
  value: number;
  final: boolean;
}

/** The indicators of a charter with their values (all entries, oldest first: the latest per period counts). */
export async function indicatorsView(db: Knex, charterId: string) {
  const indicators = await db("indicators").where({ charter_id: charterId }).orderBy("position");
  const values = await db("indicator_values").leftJoin("users", "users.id", "indicator_values.entered_by").where("indicator_values.charter_id", charterId)
    .orderBy([{ column: "indicator_values.entered_at" }, { column: "indicator_values.id" }]).select("indicator_values.*", "users.name as entered_by_name");
  return indicators.map((i) => ({
    id: i.id, code: i.code, label: i.label, kind: i.kind, commitmentId: i.commitment_id, unit: i.unit, direction: i.direction, source: i.source, method: i.method,
    baseline: i.baseline_value == null ? null : { value: Number(i.baseline_value), year: i.baseline_year },
    target: i.target_value == null ? null : { value: Number(i.target_value), year: i.target_year },
    organisationId: i.organisation_id,
    values: values.filter((v) => v.indicator_id == i.id).map((v) => ({
      id: v.id, period: v.period, value: Number(v.value), final: !!v.final, origin: v.origin, enteredBy: { id: v.entered_by, name: v.entered_by_name }, enteredAt: v.entered_at,
    })),
  }));
}

/**
 * Records values in one transaction (typed in, or a whole CSV file): each is a
 * new entry, the latest for a period counts; a period whose value was
 * entered as final refuses any other value (409 `value_final`), and a period
 * whose value a closed campaign froze takes only its final value (409
 * `value_frozen`, see `frozenValues.ts`).
 */
export async function indicatorValuesRecorder(services: Services, charter: CharterRow, user: UserRow, entries: (IndicatorValueInput & { indicatorId: string })[], origin: "manual" | "import", ip: string | null) {
  const ids: string[] = [];
  await services.db.transaction(async (trx) => {
    const indicatorIds = [...new Set(entries.map((e) => e.indicatorId))];
    const known = new Map<string, string>();
    for (let i = 0; i < indicatorIds.length; i += 500)
      for (const row of await trx("indicators").where({ charter_id: charter.id }).whereIn("id", indicatorIds.slice(i, i + 500)).select("id", "code")) known.set(row.id, row.code);
    if (indicatorIds.some((id) => !known.has(id))) throw notFound("Indicateur");
    // Only the periods being entered: looked up on the (indicator, period) index, rather than every value the indicators ever had.
    const periods = [...new Set(entries.map((e) => e.period))];
    const finals = new Set<string>();
    const enteredAt = new Map<string, string[]>();
    for (let i = 0; i < indicatorIds.length; i += 500)
      for (const row of await trx("indicator_values").whereIn("indicator_id", indicatorIds.slice(i, i + 500)).whereIn("period", periods).select("indicator_id", "period", "final", "entered_at")) {
        const key = `${row.indicator_id}/${row.period}`;
        if (row.final) finals.add(key);
        if (!enteredAt.has(key)) enteredAt.set(key, []);
        enteredAt.get(key)!.push(row.entered_at);
      }
    const locked = entries.find((e) => finals.has(`${e.indicatorId}/${e.period}`));
    if (locked) throw conflict("value_final", `La valeur de « ${known.get(locked.indicatorId)} » pour ${locked.period} est définitive : elle ne change plus.`);
    // What a closed campaign froze takes only its final value now (`frozenValues.ts`).
    const closed: ClosedCampaign[] = await trx("campaigns").where({ charter_id: charter.id, state: "closed" }).select("label", "start_date", "end_date", "closed_at");
    if (closed.length) for (const e of entries) {
      if (e.final) continue;
      const by = freezingCampaign(e.period, enteredAt.get(`${e.indicatorId}/${e.period}`) ?? [], closed);
      if (by) throw conflict("value_frozen", `La valeur de « ${known.get(e.indicatorId)} » pour ${e.period} est arrêtée par la campagne close « ${by.label} » : seule sa valeur définitive peut encore être saisie, et le rapport arrêté garde la valeur figée.`);
    }
    const at = now();
    const rows = entries.map((e) => {
      const id = randomUUID();
      ids.push(id);
      return { id, indicator_id: e.indicatorId, charter_id: charter.id, period: e.period, value: e.value, final: e.final, origin, entered_by: user.id, entered_at: at };
    });
    for (let i = 0; i < rows.length; i += 500) await trx("indicator_values").insert(rows.slice(i, i + 500));
    await recordAudit(trx, {
      actorId: user.id, charterId: charter.id, action: origin == "import" ? "indicator_values.imported" : "indicator_value.recorded", subjectType: "indicator_value",
      subjectId: rows.length == 1 ? rows[0].id : undefined, ip,
      details: origin == "import"
        // Each value as a row under named columns, not an object: a file of 10,000 values would otherwise
        // cost its import more to hash in the audit chain (every object's keys sorted) than to store.
        ? { count: rows.length, columns: IMPORT_AUDIT_COLUMNS, values: rows.map((r) => [known.get(r.indicator_id), r.period, r.value, r.final]) }
        : { code: known.get(rows[0].indicator_id), indicatorId: rows[0].indicator_id, period: rows[0].period, value: rows[0].value, final: rows[0].final },
    });
    await services.events.publish(trx, "topic-changed", { charterId: charter.id, topic: "followup" });
  });
  return ids;
}

export interface IndicatorUpdate {
  label?: string;
  unit?: string | null;
  direction?: "up" | "down" | null;
  source?: string | null;
  method?: string | null;
  baseline?: { value: number; year: number } | null;
  target?: { value: number; year: number } | null;
  organisationId?: string | null;
}

/**
 * Changes an indicator's definition (pilots): what it measures, its direction,
 * source, method, baseline, target and responsible organisation. The closed
 * campaigns keep the definition their snapshot froze.
 */
export async function indicatorUpdater(services: Services, charter: CharterRow, user: UserRow, indicatorId: string, input: IndicatorUpdate, ip: string | null) {
  await services.db.transaction(async (trx) => {
    const indicator = await trx("indicators").where({ charter_id: charter.id, id: indicatorId }).first();
    if (!indicator) throw notFound("Indicateur");
    if (input.organisationId && !(await trx("charter_signatories").where({ charter_id: charter.id, organisation_id: input.organisationId }).first()))
      throw notFound("Organisation signataire");
    const change: Record<string, unknown> = {};
    if (input.label !== undefined) change.label = input.label;
    if (input.unit !== undefined) change.unit = input.unit || null;
    if (input.direction !== undefined) change.direction = input.direction;
    if (input.source !== undefined) change.source = input.source || null;
    if (input.method !== undefined) change.method = input.method || null;
    if (input.baseline !== undefined) Object.assign(change, { baseline_value: input.baseline?.value ?? null, baseline_year: input.baseline?.year ?? null });
    if (input.target !== undefined) Object.assign(change, { target_value: input.target?.value ?? null, target_year: input.target?.year ?? null });
    if (input.organisationId !== undefined) change.organisation_id = input.organisationId;
    await trx("indicators").where({ id: indicatorId }).update({ ...change, updated_at: now() });
    await recordAudit(trx, { actorId: user.id, charterId: charter.id, action: "indicator.updated", subjectType: "indicator", subjectId: indicatorId, ip, details: { code: indicator.code, ...input } });
    await services.events.publish(trx, "topic-changed", { charterId: charter.id, topic: "followup" });
  });
}
