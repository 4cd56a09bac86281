import type { CollabLimits } from "../config.js";
import { TokenBucket } from "./tokenBucket.js";

/** The kinds of message a connection is charged for, each with its own bucket. */
export type MessageKind = "updates" | "updateBytes" | "awareness" | "syncRequests" | "charteMessages";

/** One connection's token buckets, one per kind of message (`CollabLimits`). */
export class MessageBudget {
  private readonly buckets: Record<MessageKind, TokenBucket>;

  constructor(limits: CollabLimits) {
    const bucket = ({ perSecond, burst }: { perSecond: number; burst: number }) => new TokenBucket(perSecond, burst);
    this.buckets = {
      updates: bucket(limits.updates),
      updateBytes: bucket(limits.updateBytes),
      awareness: bucket(limits.awareness),
      syncRequests: bucket(limits.syncRequests),
      charteMessages: bucket(limits.charteMessages),
    };
  }

  /** Takes `cost` from the kind's bucket; false if the connection is over its budget. */
  take(kind: MessageKind, cost = 1): boolean {
    return this.buckets[kind].take(cost);
  }
}
