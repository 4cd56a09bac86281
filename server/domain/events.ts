import { EventEmitter } from "node:events";
import type { Knex } from "knex";
import type { ChangeTopic } from "../shared/collab.js";

/** What changed, for those who keep state about it (the collaboration server). */
export interface CharteEventMap {
  /** A member's role changed or they were removed. */
  "membership-changed": [{ charterId: string; userId: string }];
  /** A session ended (logout); its tokens no longer work. */
  "session-ended": [{ sessionId: string }];
  /** A charter's state changed (frozen, reopened…). */
  "charter-changed": [{ charterId: string }];
  /** Comments or versions of a charter changed. */
  "topic-changed": [{ charterId: string; topic: Exclude<ChangeTopic, "charter"> }];
  /** A charter and all its rows were deleted: its live draft must go, unsaved. */
  "charter-deleted": [{ charterId: string }];
  /**
   * This instance only (never relayed): events of other instances may have
   * been missed (the connection that hears them was lost, and is back), so
   * whatever depends on them must be looked at again.
   */
  "events-missed": [];
}

/** The events every instance hears, whichever one made the change. */
export type RelayedEvent = Exclude<keyof CharteEventMap, "events-missed">;
export const RELAYED_EVENTS: readonly RelayedEvent[] = ["membership-changed", "session-ended", "charter-changed", "topic-changed", "charter-deleted"];

/** How events reach the other instances sharing the database (PostgreSQL: `server/cluster/eventBus.ts`). */
export interface EventRelay {
  /** Sends an event in a transaction: the others hear it when it commits, never if it rolls back. */
  sendIn<K extends RelayedEvent>(trx: Knex.Transaction, name: K, payload: CharteEventMap[K][0]): Promise<void>;
  /** Sends an event at once, outside any transaction. */
  sendNow<K extends RelayedEvent>(name: K, payload: CharteEventMap[K][0]): Promise<void>;
}

/**
 * The bus on which commands announce changes of state. Listeners of this
 * instance hear each event once; with a relay (several instances on one
 * PostgreSQL), the other instances hear it too.
 */
export class CharteEvents extends EventEmitter<CharteEventMap> {
  relay: EventRelay | null = null;

  /**
   * Announces a change made in `trx`, from inside it: the other instances are
   * told if and only if it commits (a NOTIFY is sent at commit), and this
   * instance's listeners hear it once it has committed. Not for a nested
   * transaction (its end is not the commit).
   */
  async publish<K extends RelayedEvent>(trx: Knex.Transaction, name: K, payload: CharteEventMap[K][0]): Promise<void> {
    if (this.relay) await this.relay.sendIn(trx, name, payload);
    trx.executionPromise.then(() => this.deliver(name, ...([payload] as CharteEventMap[K])), () => {});
  }

  /**
   * Announces a change that has already committed, to this instance's
   * listeners and (sent now, outside the transaction) to the other instances.
   * Prefer `publish` from inside the transaction: this one is lost for the
   * others if the process dies between the commit and the send.
   */
  override emit<K extends keyof CharteEventMap>(name: K, ...args: CharteEventMap[K]): boolean {
    if (this.relay && name != "events-missed") {
      const [payload] = args as unknown as [CharteEventMap[RelayedEvent][0]];
      this.relay.sendNow(name as RelayedEvent, payload).catch((err) => console.error(`Could not tell the other instances about ${String(name)}:`, err));
    }
    return this.deliver(name, ...args);
  }

  /** Tells this instance's listeners only (an event heard from another instance, say). */
  deliver<K extends keyof CharteEventMap>(name: K, ...args: CharteEventMap[K]): boolean {
    return (super.emit as (name: K, ...args: CharteEventMap[K]) => boolean)(name, ...args);
  }
}
