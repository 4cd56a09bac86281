import type { Knex } from "knex";
import * as Y from "yjs";
import { now } from "../store/rows.js";
import type { DeleteRanges } from "./updateFacts.js";
import { holdKey, LeaseLostError, type LeaseHold, type Ownership } from "./ownership/index.js";

/**
 * A write waiting its turn: an accepted update, or a compacted state that
 * replaces every row of the charter written before it.
 */
interface PendingWrite {
  kind: "update" | "compaction";
  charterId: string;
  /** The lease epoch it was accepted under: written only while this instance still holds that lease. */
  epoch: number;
  update: Uint8Array;
  userId: string | null;
  /** Authorship: client ids first seen with this update, and what it deleted. */
  facts?: { newClients: { client: number; sure: boolean }[]; deletions: DeleteRanges | null };
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Writes accepted Yjs updates to the database in groups: updates that arrive
 * while a write is under way, or within `delayMs` of the first, share one
 * transaction. Each `store()` resolves once its update is committed, which is
 * when the editor may be told it is stored.
 *
 * With several instances on one database (`ownership.fences`), each
 * transaction first checks and renews the leases its writes were accepted
 * under; the writes of a lease lost are not made: they reject with a
 * `LeaseLostError`, and the ownership is told (the hub drops the room).
 */
export class UpdateStore {
  private queue: PendingWrite[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;

  /** Per charter, the ids of the rows its next compaction covers (see `compact`). */
  private merged = new Map<string, number[]>();

  constructor(private db: Knex, private delayMs = 5, private ownership?: Ownership) {}

  /** Queues an update; resolves when it is committed. */
  store(charterId: string, update: Uint8Array, userId: string | null, facts?: PendingWrite["facts"], epoch = 0): Promise<void> {
    return this.enqueue("update", charterId, epoch, update, userId, facts);
  }

  /** Says a charter was just loaded from (at least) the rows `ids`: the state a compaction encodes covers those. */
  loaded(charterId: string, ids: number[]): void {
    this.merged.set(charterId, ids);
  }

  /** Forgets what `loaded` said (the charter was unloaded, or let go). */
  unloaded(charterId: string): void {
    this.merged.delete(charterId);
  }

  /**
   * Queues the charter's whole state, encoded now, to replace the rows before
   * it. The queue is first-in first-out and every update applied to the
   * document was queued when applied, so the state covers exactly the rows
   * written before it: none is lost, whatever is queued after. It deletes
   * exactly those rows: the ones loaded (`loaded`) and the ones this store
   * wrote since, by id, never a row another writer added meanwhile (sequence
   * order is not commit order: "every id up to mine" could take one).
   */
  compact(charterId: string, state: Uint8Array, epoch = 0): Promise<void> {
    return this.enqueue("compaction", charterId, epoch, state, null);
  }

  private enqueue(kind: PendingWrite["kind"], charterId: string, epoch: number, update: Uint8Array, userId: string | null, facts?: PendingWrite["facts"]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("The update store is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ kind, charterId, epoch, update, userId, facts, resolve, reject });
      if (!this.timer && !this.writing) this.timer = setTimeout(() => this.flush(), this.delayMs);
    });
  }

  /** Writes everything queued now; resolves when all of it (and any write under way) is committed. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.writing) await this.writing;
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    this.writing = this.write(batch).finally(() => {
      this.writing = null;
      if (this.queue.length && !this.timer && !this.retryTimer) this.timer = setTimeout(() => this.flush(), 0);
    });
    await this.writing;
  }

  /** Writes what is queued, then refuses further writes and stops retrying (the database is going away). */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.timer) clearTimeout(this.timer);
    for (const p of this.queue.splice(0)) p.reject(new Error("The update store is closed"));
  }

  private closed = false;

  /** Whether updates are waiting or being written. */
  get busy(): boolean {
    return this.queue.length > 0 || this.writing != null;
  }

  private async write(all: PendingWrite[]): Promise<void> {
    const at = now();
    const fences = this.ownership?.fences ?? false;
    const row = (p: RowData) => ({ charter_id: p.charterId, data: Buffer.from(p.update), user_id: p.userId, created_at: at, epoch: fences ? p.epoch : null });
    const rows = (run: PendingWrite[]) => mergedRuns(run).map(row);
    // What is written (all but the writes found under a lost lease), and the row ids, per charter, written since its last compaction here.
    let batch = all;
    let refused: PendingWrite[] = [];
    const written = new Map<string, { ids: number[]; compacted: boolean }>();
    const wrote = (inserted: { id: unknown; charter_id: string }[]) => {
      for (const { id, charter_id } of inserted) {
        const entry = written.get(charter_id) ?? { ids: [], compacted: false };
        entry.ids.push(Number(id));
        written.set(charter_id, entry);
      }
    };
    // Null when this store does not know which rows a charter's state covers (it was not told of its loading).
    const covered = (charterId: string): number[] | null => {
      const entry = written.get(charterId);
      if (entry?.compacted) return entry.ids;
      const before = this.merged.get(charterId);
      return before ? [...before, ...(entry?.ids ?? [])] : null;
    };
    try {
      const clients = () => batch.flatMap((p) => (p.facts?.newClients ?? []).map(({ client, sure }) => ({ charter_id: p.charterId, client_id: client, user_id: p.userId!, sure })));
      const deletions = () => batch.filter((p) => p.facts?.deletions).map((p) => ({ charter_id: p.charterId, user_id: p.userId!, delete_set: JSON.stringify(p.facts!.deletions) }));
      // The common case, a few updates and no compaction nor authorship to record: one INSERT, atomic by itself.
      if (!fences && batch.length <= 200 && !clients().length && !deletions().length && batch.every((p) => p.kind == "update")) {
        wrote(await this.db("charter_updates").insert(rows(batch)).returning(["id", "charter_id"]));
      } else await this.db.transaction(async (trx) => {
        if (fences) {
          // First, under lock: the leases still held. The other writes are not made.
          const holds = new Map<string, LeaseHold>(batch.map((p) => [holdKey(p), { charterId: p.charterId, epoch: p.epoch }]));
          const kept = await this.ownership!.fence(trx, [...holds.values()]);
          refused = all.filter((p) => !kept.has(holdKey(p)));
          batch = all.filter((p) => kept.has(holdKey(p)));
        }
        // A sure owner replaces a guessed one, never the reverse (the hub only sends such changes).
        const [newClients, newDeletions] = [clients(), deletions()];
        for (let i = 0; i < newClients.length; i += 200) await trx("charter_clients").insert(newClients.slice(i, i + 200)).onConflict(["charter_id", "client_id"]).merge(["user_id", "sure"]);
        for (let i = 0; i < newDeletions.length; i += 200) await trx("charter_deletions").insert(newDeletions.slice(i, i + 200));
        let run: PendingWrite[] = [];
        const insertRun = async () => {
          // Chunks keep each statement under SQLite's bound-parameter limit.
          const merged = mergedRuns(run);
          for (let i = 0; i < merged.length; i += 200) {
            const chunk = merged.slice(i, i + 200);
            wrote(await trx("charter_updates").insert(chunk.map(row)).returning(["id", "charter_id"]));
          }
          run = [];
        };
        for (const p of batch) {
          if (p.kind == "update") {
            run.push(p);
            continue;
          }
          await insertRun();
          // Exactly the rows the state covers: those loaded and those written before it here (or, not knowing, every older one).
          const merged = covered(p.charterId);
          const [inserted] = await trx("charter_updates").insert(row(p)).returning("id");
          const id = Number(typeof inserted == "object" ? inserted.id : inserted);
          if (!merged) await trx("charter_updates").where("charter_id", p.charterId).where("id", "<", id).delete();
          else for (const [first, last] of idRanges(merged)) await trx("charter_updates").where("charter_id", p.charterId).whereBetween("id", [first, last]).delete();
          written.set(p.charterId, { ids: [id], compacted: true });
        }
        await insertRun();
      });
      for (const [charterId, { ids, compacted }] of written) {
        const before = this.merged.get(charterId);
        if (compacted) this.merged.set(charterId, ids);
        else if (before) for (const id of ids) before.push(id);
      }
      for (const p of batch) p.resolve();
      const lost = new Map(refused.map((p) => [holdKey(p), { charterId: p.charterId, epoch: p.epoch }]));
      for (const p of refused) p.reject(new LeaseLostError({ charterId: p.charterId, epoch: p.epoch }));
      for (const hold of lost.values()) this.ownership!.forget(hold);
    } catch (err) {
      // Nothing of the batch was written: keep it, in order, and try again.
      if (this.closed) {
        for (const p of all) p.reject(err as Error);
        return;
      }
      console.error(`Could not store ${all.length} document update(s), retrying:`, (err as Error).message);
      this.queue = [...all, ...this.queue];
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = null;
        void this.flush();
      }, 1000);
    }
  }

  private retryTimer: NodeJS.Timeout | null = null;
}

/** What a row of `charter_updates` is made of. */
type RowData = Pick<PendingWrite, "charterId" | "epoch" | "update" | "userId">;

/**
 * The ids as runs of consecutive ids, `[first, last]` each: a loaded log is
 * mostly one run (the compacted row and those written after it), so that
 * deleting exactly those rows takes a statement or a few, not one per 500.
 * The ids of a charter's other rows fall between runs, never inside one.
 */
export function idRanges(ids: number[]): Array<[number, number]> {
  const sorted = [...ids].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const id of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && id <= last[1] + 1) last[1] = Math.max(last[1], id);
    else ranges.push([id, id]);
  }
  return ranges;
}

/** Most updates merged into one row (Yjs's mergeUpdates grows faster than linearly with their number). */
const MAX_MERGED = 64;

/**
 * The updates of a batch as rows to insert: consecutive updates of one
 * charter merged into one (a row costs the database far more than the merge),
 * credited to their user if they share one. Every update is fully integrated
 * (the hub refuses pending ones), so the merged update is exactly their sum.
 */
function mergedRuns(run: PendingWrite[]): RowData[] {
  const out: RowData[] = [];
  for (let i = 0; i < run.length; ) {
    let j = i + 1;
    while (j < run.length && j - i < MAX_MERGED && run[j].charterId == run[i].charterId && run[j].epoch == run[i].epoch) j++;
    const group = run.slice(i, j);
    i = j;
    if (group.length == 1) {
      out.push(group[0]);
      continue;
    }
    let update: Uint8Array;
    try {
      update = Y.mergeUpdates(group.map((p) => p.update));
    } catch {
      out.push(...group); // never lose a write over an optimisation
      continue;
    }
    out.push({ charterId: group[0].charterId, epoch: group[0].epoch, update, userId: group.every((p) => p.userId == group[0].userId) ? group[0].userId : null });
  }
  return out;
}
