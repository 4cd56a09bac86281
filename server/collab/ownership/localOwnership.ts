import { holdKey, type Claim, type LeaseHold, type Ownership } from "./ownership.js";

/**
 * SQLite: one process, which owns every charter. No lease is ever written or
 * checked (a second process on the same data folder is refused at start).
 */
export class LocalOwnership implements Ownership {
  readonly fences = false;

  async claim(): Promise<Claim> {
    return { kind: "owned", epoch: 0 };
  }

  heldEpoch(): number {
    return 0;
  }

  async fence(_trx: unknown, holds: LeaseHold[]): Promise<Set<string>> {
    return new Set(holds.map(holdKey));
  }

  /** Until when each charter's recovery window runs (this process is the only one). */
  private recoveries = new Map<string, number>();

  async recovery(hold: LeaseHold, openMs: number): Promise<number> {
    const now = Date.now();
    for (const [charterId, until] of this.recoveries) if (until <= now) this.recoveries.delete(charterId);
    if (openMs > 0) this.recoveries.set(hold.charterId, Math.max(this.recoveries.get(hold.charterId) ?? 0, now + openMs));
    return Math.max(0, (this.recoveries.get(hold.charterId) ?? now) - now);
  }

  forget(): void {}
  async release(): Promise<void> {}
  onLost(): void {}
  async start(): Promise<void> {}
  async close(): Promise<void> {}
}
