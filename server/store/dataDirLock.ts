import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePrivateDir, ensurePrivateFile } from "./privateFiles.js";

/** A second server on the same SQLite data folder: refused at start. */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, holderPid: number | null) {
    super(
      `another Charte server${holderPid ? ` (process ${holderPid})` : ""} is already using the data folder ${dataDir}. ` +
        "A SQLite database serves one process only: stop the other one, or give this one its own DATA_DIR, " +
        "or run several instances on one PostgreSQL database (DATABASE_URL).",
    );
    this.name = "DataDirInUseError";
  }
}

/** The lock of a data folder, held until released or until the process ends (however it ends). */
export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Takes the data folder for this process. The lock is SQLite's own exclusive
 * lock on a small file of its own (an OS file lock, as on the database):
 * the system drops it when the process ends, even by SIGKILL or a crash, so
 * a stale lock never blocks a restart, and no process id can be mistaken
 * for another one. The holder's pid is written beside it for the message.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, "charte.lock");
  const pidFile = join(dataDir, "charte.lock.pid");
  ensurePrivateFile(file);
  const sqlite3 = (await import("sqlite3")).default;
  const db = await new Promise<InstanceType<typeof sqlite3.Database>>((resolve, reject) => {
    const opened = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(opened)));
  });
  const exec = (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
  try {
    // No busy timeout: a held lock answers SQLITE_BUSY at once. The transaction stays open while the server runs.
    await exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;");
  } catch (err) {
    await new Promise<void>((resolve) => db.close(() => resolve()));
    if ((err as { code?: string }).code == "SQLITE_BUSY") throw new DataDirInUseError(dataDir, readPid(pidFile));
    throw err;
  }
  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  held.add(db);
  return {
    release: () => new Promise<void>((resolve) => { held.delete(db); db.close(() => resolve()); }),
  };
}

/** The open lock connections: referenced here so that the garbage collector never closes one (which would drop its lock). */
const held = new Set<unknown>();

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
