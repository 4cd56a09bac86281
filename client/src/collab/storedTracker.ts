/**
 * Knows whether every local edit is stored in the database, from Charte's
 * STORED messages: the client sends a request `seq` after its edits, and the
 * server answers `seq` once everything it received before the request is
 * committed. Edits are stored when a request sent after the latest edit has
 * been answered. Requests lost with a connection do not matter: a new one is
 * sent after each sync, and answering it covers every earlier one.
 */
export class StoredTracker {
  private lastSeq = 0;
  private acknowledged = 0;
  /** The request whose answer means "all stored"; Infinity while no request followed the latest edit. */
  private needed = 0;

  /** Notes a local edit (or edits loaded from this device's copy, not yet known to the server). */
  edited(): void {
    this.needed = Infinity;
  }

  /** The sequence number of a request about to be sent. */
  request(): number {
    const seq = ++this.lastSeq;
    if (this.needed == Infinity) this.needed = seq;
    return seq;
  }

  /** Notes the server's answer; returns whether it changed `stored`. */
  answered(seq: number): boolean {
    const before = this.stored;
    if (seq > this.acknowledged && seq <= this.lastSeq) this.acknowledged = seq;
    return this.stored != before;
  }

  /** Whether every edit noted is stored. */
  get stored(): boolean {
    return this.acknowledged >= this.needed;
  }
}
