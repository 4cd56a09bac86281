import type { Knex } from "knex";

/**
 * What claiming a charter gives: this instance owns it under `epoch`, a live
 * other instance does, or there is no such charter (the connection is then
 * refused as usual, by the hub's authorization).
 */
export type Claim = { kind: "owned"; epoch: number } | { kind: "elsewhere"; instanceId: string; address: string } | { kind: "missing" };

/** One write's lease: the charter, and the epoch it was accepted under. */
export interface LeaseHold {
  charterId: string;
  epoch: number;
}

/** Leases lost: some charters, or every one (the liveness connection dropped). */
export type LostLeases = { charters: LeaseHold[] } | { all: true };

/**
 * Which charters this instance owns. The hub claims a charter before it
 * serves it, fences each of its writes with the claim's epoch, and releases
 * it on unload; when leases are lost it drops those rooms at once.
 */
export interface Ownership {
  /** Takes a charter (incrementing its epoch), or names its live owner; claims made at once share one answer. */
  claim(charterId: string): Promise<Claim>;
  /** The epoch this instance holds a charter under, if it does. */
  heldEpoch(charterId: string): number | undefined;
  /**
   * Inside a write's transaction, before anything else: renews and locks the
   * leases the writes were accepted under, and returns those still held
   * (`holdKey`s). A write whose lease is not returned must not be made.
   */
  fence(trx: Knex.Transaction, holds: LeaseHold[]): Promise<Set<string>>;
  /** Says a lease was found lost (a refused write): it is forgotten and reported like the others. */
  forget(hold: LeaseHold): void;
  /** Lets a charter go (it was unloaded): the next claim, from any instance, takes it at once. */
  release(hold: LeaseHold): Promise<void>;
  /** Called when leases are lost; the hub drops those rooms and closes their sockets. */
  onLost(listener: (lost: LostLeases) => void): void;
  /**
   * The window in which peers may hand back the edits a dead owner lost
   * (`markRecovering`): opened for `openMs` if that is more than 0 (the
   * charter was loaded from a log its previous server left open), and in any
   * case the milliseconds left of it, 0 if none. Kept with the lease, so that
   * it holds wherever the charter is served next, the log compacted or not.
   */
  recovery(hold: LeaseHold, openMs: number): Promise<number>;
  /** Whether writes need `fence` (false on SQLite, where this process is the only one). */
  readonly fences: boolean;
  /** Starts the liveness connection and the renewals; `address` is where others forward to. */
  start(address: string): Promise<void>;
  /** Releases every lease held and stops (after the last write). */
  close(): Promise<void>;
}

/** The key of a lease hold in `fence`'s answer. */
export const holdKey = (hold: LeaseHold) => `${hold.charterId}@${hold.epoch}`;

/** A write made without the lease it was accepted under: it was not made, and never will be. */
export class LeaseLostError extends Error {
  constructor(readonly hold: LeaseHold) {
    super(`Charter ${hold.charterId}: the lease of epoch ${hold.epoch} is no longer this instance's`);
    this.name = "LeaseLostError";
  }
}

/** A charter served by another instance (for a change the server makes itself, which only the owner may make). */
export class OwnedElsewhereError extends Error {
  constructor(readonly charterId: string, readonly owner: { instanceId: string; address: string }) {
    super(`Charter ${charterId} is served by instance ${owner.instanceId}`);
    this.name = "OwnedElsewhereError";
  }
}

/** Inside a write's transaction, first: throws `LeaseLostError` unless this instance still holds `hold`. */
export async function fenceOrThrow(ownership: Ownership, trx: Knex.Transaction, hold: LeaseHold): Promise<void> {
  if (!ownership.fences) return;
  if (!(await ownership.fence(trx, [hold])).has(holdKey(hold))) {
    ownership.forget(hold);
    throw new LeaseLostError(hold);
  }
}
