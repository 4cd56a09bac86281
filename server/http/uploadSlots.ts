import { HttpError } from "./errors.js";

/**
 * How many uploads each user has under way on this instance: each holds its
 * file in memory while it arrives and is stored, so one member opening many
 * at once (slowly) could take the server's memory from everyone.
 */
export class UploadSlots {
  private inUse = new Map<string, number>();

  constructor(private readonly perUser: number) {}

  /** The user's uploads under way now. */
  inUseBy(userId: string): number {
    return this.inUse.get(userId) ?? 0;
  }

  /** Takes one of the user's slots, or throws 429; the function returned gives it back (call it once the upload is done, whatever the outcome). */
  take(userId: string): () => void {
    const used = this.inUse.get(userId) ?? 0;
    if (used >= this.perUser)
      throw Object.assign(new HttpError(429, "upload_in_progress", `Vous avez déjà ${used} dépôt${used > 1 ? "s" : ""} de pièce en cours : attendez qu'${used > 1 ? "ils se terminent" : "il se termine"} avant d'en commencer un autre.`), { retryAfter: 1 });
    this.inUse.set(userId, used + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inUse.get(userId) ?? 1) - 1;
      if (left > 0) this.inUse.set(userId, left);
      else this.inUse.delete(userId);
    };
  }
}
