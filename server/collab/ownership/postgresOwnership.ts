import type { Knex } from "knex";
import type { ClusterConfig } from "../../config.js";
import { holdKey, type Claim, type LeaseHold, type LostLeases, type Ownership } from "./ownership.js";
import { LivenessConnection } from "./livenessConnection.js";
import { fenceLeases, leaseOwner, leaseRecovery, releaseLeases, renewLeases, takeLease } from "./leaseStore.js";

/**
 * Ownership of charters among instances sharing one PostgreSQL: a lease per
 * charter with an epoch (the fencing token), renewed by every commit and by
 * a timer, and a liveness session whose end frees every lease it named.
 */
export class PostgresOwnership implements Ownership {
  readonly fences = true;
  /** The charters held here, and their epochs. */
  private held = new Map<string, number>();
  private listeners: ((lost: LostLeases) => void)[] = [];
  private liveness: LivenessConnection;
  private renewal: NodeJS.Timeout | null = null;
  private address = "";
  private closed = false;

  constructor(private readonly db: Knex, databaseUrl: string, private readonly config: ClusterConfig) {
    // A dropped liveness session frees every lease that names it: none may be relied on any more.
    this.liveness = new LivenessConnection(databaseUrl, config.livenessTimeoutMs, () => {
      console.warn(`Instance ${config.instanceId}: the liveness connection to PostgreSQL dropped; letting every charter go`);
      this.held.clear();
      this.emit({ all: true });
    });
  }

  async start(address: string): Promise<void> {
    this.address = address;
    // Renewals run whatever happens to the first connection: claims connect it again if need be.
    this.renewal = setInterval(() => void this.renew(), this.config.leaseRenewMs);
    this.renewal.unref();
    await this.liveness.current();
  }

  /** Claims under way: connections arriving together share one (one epoch). */
  private claiming = new Map<string, Promise<Claim>>();

  claim(charterId: string): Promise<Claim> {
    let claim = this.claiming.get(charterId);
    if (!claim) {
      claim = this.claimNow(charterId);
      this.claiming.set(charterId, claim);
      claim.finally(() => this.claiming.delete(charterId)).catch(() => {});
    }
    return claim;
  }

  private async claimNow(charterId: string): Promise<Claim> {
    if (this.closed) throw new Error("This instance is shutting down");
    for (let attempt = 0; attempt < 3; attempt++) {
      const liveness = await this.liveness.current();
      let epoch: number | null;
      try {
        epoch = await takeLease(this.db, charterId, { instanceId: this.config.instanceId, address: this.address, liveness, ttlMs: this.config.leaseTtlMs }, this.config.livenessTimeoutMs);
      } catch (err) {
        if ((err as { code?: string }).code == "23503") return { kind: "missing" }; // no such charter
        throw err;
      }
      if (epoch != null) {
        this.held.set(charterId, epoch);
        return { kind: "owned", epoch };
      }
      this.held.delete(charterId);
      const owner = await leaseOwner(this.db, charterId);
      if (owner) return { kind: "elsewhere", ...owner };
      // Deleted in between (with its charter, or never there): try again.
    }
    return { kind: "missing" };
  }

  heldEpoch(charterId: string): number | undefined {
    return this.held.get(charterId);
  }

  async fence(trx: Knex.Transaction, holds: LeaseHold[]): Promise<Set<string>> {
    // Only leases still held here: a write queued before a release (a compaction) must not renew the lease it let go,
    // which would keep every other instance forwarding to this one, which no longer serves the charter.
    const mine = holds.filter((h) => this.held.get(h.charterId) == h.epoch);
    const kept = await fenceLeases(trx, mine, this.config.instanceId, this.config.leaseTtlMs, this.config.livenessTimeoutMs);
    return new Set(kept.map(holdKey));
  }

  recovery(hold: LeaseHold, openMs: number): Promise<number> {
    return leaseRecovery(this.db, hold, this.config.instanceId, openMs);
  }

  forget(hold: LeaseHold): void {
    if (this.held.get(hold.charterId) != hold.epoch) return;
    this.held.delete(hold.charterId);
    this.emit({ charters: [hold] });
  }

  async release(hold: LeaseHold): Promise<void> {
    if (this.held.get(hold.charterId) == hold.epoch) this.held.delete(hold.charterId);
    await releaseLeases(this.db, [hold], this.config.instanceId);
  }

  onLost(listener: (lost: LostLeases) => void): void {
    this.listeners.push(listener);
  }

  /** Renews every lease held; those found taken (expired, then claimed elsewhere) are let go. */
  private async renew(): Promise<void> {
    const holds = [...this.held].map(([charterId, epoch]) => ({ charterId, epoch }));
    try {
      const lost = await renewLeases(this.db, holds, this.config.instanceId, this.config.leaseTtlMs);
      const gone = lost.filter((h) => this.held.get(h.charterId) == h.epoch);
      for (const h of gone) this.held.delete(h.charterId);
      if (gone.length) this.emit({ charters: gone });
    } catch (err) {
      // Commits renew what they write; a lease that lapses meanwhile is refused by its next commit.
      console.error(`Instance ${this.config.instanceId}: could not renew the charter leases: ${(err as Error).message}`);
    }
  }

  private emit(lost: LostLeases): void {
    for (const listener of this.listeners) listener(lost);
  }

  /** Releases every lease held (after the last write) and closes the liveness session. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.renewal) clearInterval(this.renewal);
    const holds = [...this.held].map(([charterId, epoch]) => ({ charterId, epoch }));
    this.held.clear();
    try {
      await releaseLeases(this.db, holds, this.config.instanceId);
    } catch (err) {
      console.error(`Instance ${this.config.instanceId}: could not release the charter leases (they expire on their own): ${(err as Error).message}`);
    }
    await this.liveness.close();
  }
}
