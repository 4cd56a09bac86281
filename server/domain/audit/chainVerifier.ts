import type { Knex } from "knex";
import type { AuditRow } from "../../store/rows.js";
import { chainOf, entryHash, GENESIS_HASH, PLATFORM_CHAIN } from "../../store/auditChain.js";
import type { ChainHeadRow } from "../../store/audit.js";

/** What broke a chain, at its first break. */
export interface ChainProblem {
  kind: "altered" | "inserted" | "deleted";
  /** The entry named: the one altered or inserted, or the one right after the entries deleted. */
  entryId: number | null;
  /** Its place in the chain (as recorded). */
  seq: number | null;
  /** What was found, in French. */
  message: string;
}

/** The check of one chain. */
export interface ChainReport {
  chain: string;
  intact: boolean;
  entries: number;
  /** The chain's head as recorded (last entry's id, place and hash). */
  head: { id: number; seq: number; hash: string } | null;
  problem: ChainProblem | null;
}

type Entry = AuditRow & { seq: number; id: number };

/** Checks the chain of one charter (or the platform's, for `null`). */
export async function verifyChain(db: Knex, charterId: string | null): Promise<ChainReport> {
  const chain = chainOf(charterId);
  const query = db<AuditRow>("audit_events").orderBy("id");
  const [rows, head] = await Promise.all([
    charterId ? query.where({ charter_id: charterId }) : query.whereNull("charter_id"),
    db<ChainHeadRow>("audit_chain_heads").where({ chain }).first(),
  ]);
  return checkEntries(chain, rows.map(normalise), head ?? null);
}

/** Checks every chain of the platform: the platform's, then each charter's. */
export async function verifyAllChains(db: Knex): Promise<ChainReport[]> {
  const [fromEntries, fromHeads] = await Promise.all([
    db("audit_events").whereNotNull("charter_id").distinct("charter_id"),
    db("audit_chain_heads").whereNot({ chain: PLATFORM_CHAIN }).select("chain"),
  ]);
  const charters = [...new Set([...fromEntries.map((r) => r.charter_id as string), ...fromHeads.map((r) => r.chain as string)])].sort();
  const reports = [await verifyChain(db, null)];
  for (const charterId of charters) reports.push(await verifyChain(db, charterId));
  return reports;
}

const normalise = (row: AuditRow): Entry => ({ ...row, id: Number(row.id), seq: Number(row.seq) });

/** Recomputes an entry's hash; an entry whose details are not JSON any more does not match. */
function hashMatches(e: Entry): boolean {
  try {
    return e.hash != null && entryHash(e) == e.hash;
  } catch {
    return false;
  }
}

/**
 * Walks a chain in id order. Each entry must hash to its recorded hash, and
 * record the hash and the place (+1) of the entry before it; the last one must
 * be the recorded head. At the first break, tells which entry was altered,
 * inserted, or which entries are missing.
 */
export function checkEntries(chain: string, entries: Entry[], headRow: ChainHeadRow | null): ChainReport {
  const head = headRow && headRow.last_id != null ? { id: Number(headRow.last_id), seq: Number(headRow.seq), hash: headRow.hash } : null;
  const report = (problem: ChainProblem | null): ChainReport => ({ chain, intact: !problem, entries: entries.length, head, problem });
  const at = (kind: ChainProblem["kind"], e: Entry | null, message: string) => report({ kind, entryId: e?.id ?? null, seq: e?.seq ?? null, message });

  let prev: { id: number | null; seq: number; hash: string } = { id: null, seq: 0, hash: GENESIS_HASH };
  let before: typeof prev | null = null;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const next = entries[i + 1];
    const linked = e.prev_hash == prev.hash && e.seq == prev.seq + 1;
    const intact = hashMatches(e);
    if (intact && linked) {
      before = prev;
      prev = e;
      continue;
    }
    if (head && e.id > head.id)
      return at("inserted", e, `L'entrée n° ${e.id} a été ajoutée hors de la plateforme : elle suit la tête de la chaîne, l'entrée n° ${head.id}.`);
    // Without this entry, the chain goes on: it was slipped in.
    if (next && next.prev_hash == prev.hash && next.seq == prev.seq + 1)
      return at("inserted", e, `L'entrée n° ${e.id} a été insérée : elle ne fait pas partie de la chaîne (l'entrée suivante suit directement ${prev.id ? `l'entrée n° ${prev.id}` : "le début de la chaîne"}).`);
    if (!intact) return at("altered", e, `L'entrée n° ${e.id} a été modifiée : son contenu ne correspond plus à son empreinte.`);
    if (e.prev_hash == prev.hash) return at("altered", e, `L'entrée n° ${e.id} a été modifiée : son rang dans la chaîne (${e.seq}) ne suit pas celui de l'entrée précédente (${prev.seq}).`);
    if (e.seq > prev.seq + 1) {
      const missing = e.seq - prev.seq - 1;
      return at("deleted", e, `${missing == 1 ? "Une entrée a été supprimée" : `${missing} entrées ont été supprimées`} juste avant l'entrée n° ${e.id} (rang${missing > 1 ? "s" : ""} ${prev.seq + 1}${missing > 1 ? ` à ${e.seq - 1}` : ""}).`);
    }
    // The entry links to the one before the previous: the previous one was slipped in.
    if (before && prev.id != null && e.prev_hash == before.hash && e.seq == before.seq + 1) {
      const inserted = entries[i - 1];
      return at("inserted", inserted, `L'entrée n° ${inserted.id} a été insérée : l'entrée suivante, n° ${e.id}, suit directement ${before.id ? `l'entrée n° ${before.id}` : "le début de la chaîne"}.`);
    }
    const altered = i > 0 ? entries[i - 1] : e;
    return at("altered", altered, `L'entrée n° ${altered.id} a été modifiée (puis son empreinte recalculée) : l'entrée n° ${e.id} enregistrait une autre empreinte pour elle.`);
  }

  const last = entries.at(-1);
  if (!head) {
    if (!last) return report(null);
    return at("deleted", last, `La tête de la chaîne « ${chain} » a été supprimée : rien n'atteste que l'entrée n° ${last.id} est la dernière.`);
  }
  if (!last) return at("deleted", null, `Les ${head.seq} entrées de la chaîne « ${chain} » ont été supprimées.`);
  if (last.seq < head.seq) {
    const missing = head.seq - last.seq;
    return at("deleted", null, `${missing == 1 ? "La dernière entrée a été supprimée" : `Les ${missing} dernières entrées ont été supprimées`} : la chaîne s'arrête à l'entrée n° ${last.id} (rang ${last.seq}), sa tête est au rang ${head.seq}.`);
  }
  if (last.seq > head.seq) {
    const first = entries.find((e) => e.id > head.id) ?? last;
    return at("inserted", first, `L'entrée n° ${first.id} a été ajoutée en fin de chaîne hors de la plateforme : la tête de la chaîne est l'entrée n° ${head.id}.`);
  }
  if (last.hash != head.hash || last.id != head.id)
    return at("altered", last, `L'entrée n° ${last.id} a été modifiée (puis son empreinte recalculée) : elle ne correspond plus à la tête de la chaîne.`);
  return report(null);
}
