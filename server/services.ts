import type { Knex } from "knex";
import type { Config } from "./config.js";
import type { TemplateCatalog } from "./templates/load.js";

/** What the HTTP and collaboration layers are built on; passed in, never imported. */
export interface Services {
  db: Knex;
  config: Config;
  templates: TemplateCatalog;
}
