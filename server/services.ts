import type { Knex } from "knex";
import type * as Y from "yjs";
import type { Config } from "./config.js";
import type { TemplateCatalog } from "./templates/load.js";
import { CharteEvents } from "./domain/events.js";

/** Where the live drafts are: the collaboration server, once it runs. */
export interface LiveDocuments {
  /** The live draft of a charter, if it is open. */
  liveDoc(charterId: string): Y.Doc | null;
  /**
   * Changes a charter's draft on behalf of a user (restoring a version, say):
   * the change reaches everyone connected at once and is stored before this resolves.
   */
  changeDocument(charterId: string, userId: string, change: (doc: Y.Doc) => void): Promise<void>;
}

/** What the HTTP and collaboration layers are built on; passed in, never imported. */
export interface Services {
  db: Knex;
  config: Config;
  templates: TemplateCatalog;
  events: CharteEvents;
  liveDocuments: LiveDocuments;
}

/** Assembles the services from their parts. */
export function createServices(parts: { db: Knex; config: Config; templates: TemplateCatalog }): Services {
  return {
    ...parts,
    events: new CharteEvents(),
    liveDocuments: {
      liveDoc: () => null,
      changeDocument: () => Promise.reject(new Error("The collaboration server is not running")),
    },
  };
}
