import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";

/**
 * The data folder holds the database and the JWT secret: only the server's
 * own user may read it. These make it so whatever the umask, and tighten
 * what an earlier version left readable by all (0755 folder, 0644 files).
 */

/** Makes `dir` (and missing parents) private to the server's user. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { mode, uid } = statSync(dir);
  // A shared folder (sticky, like /tmp) or someone else's is left alone.
  if (mode & 0o077 && !(mode & 0o1000) && uid == process.getuid?.()) chmodSync(dir, 0o700);
}

/** Creates `file` if it is missing, empty, and makes it readable and writable by the server's user only. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, "a", 0o600));
  chmodSync(file, 0o600);
}

/** Makes `file` private if it exists. */
export function tightenIfPresent(file: string): void {
  if (existsSync(file)) chmodSync(file, 0o600);
}
