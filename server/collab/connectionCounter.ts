/** Counts open connections per key (a user, an address) against a cap. */
export class ConnectionCounter {
  private counts = new Map<string, number>();

  /** Counts one more for `key` if it stays within `max`; false (nothing counted) otherwise. */
  acquire(key: string, max: number): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= max) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  /** Counts one less for `key` (each successful `acquire` is released once). */
  release(key: string): void {
    const count = this.counts.get(key) ?? 0;
    if (count <= 1) this.counts.delete(key);
    else this.counts.set(key, count - 1);
  }

  /** Open connections for `key`. */
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
