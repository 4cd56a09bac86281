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

  forget(): void {}
  async release(): Promise<void> {}
  onLost(): void {}
  async start(): Promise<void> {}
  async close(): Promise<void> {}
}
