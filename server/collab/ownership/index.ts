import type { Knex } from "knex";
import type { Config } from "../../config.js";
import { isPostgres } from "../../store/db.js";
import { LocalOwnership } from "./localOwnership.js";
import { PostgresOwnership } from "./postgresOwnership.js";
import type { Ownership } from "./ownership.js";

export * from "./ownership.js";

/** Leases on PostgreSQL, where several instances may share the database; on SQLite this process owns everything. */
export function createOwnership(db: Knex, config: Config): Ownership {
  return isPostgres(db) && config.databaseUrl ? new PostgresOwnership(db, config.databaseUrl, config.cluster) : new LocalOwnership();
}
