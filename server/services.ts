import type { Knex } from "knex";
import type * as Y from "yjs";
import type { Config } from "./config.js";
import type { TemplateCatalog } from "./templates/load.js";
import { CharteEvents } from "./domain/events.js";
import { PasswordHasher } from "./auth/passwordHasher.js";
import { LoginThrottle } from "./auth/loginThrottle.js";
import { PlatformSeal } from "./domain/signing/seal/platformSeal.js";
import { UploadSlots } from "./http/uploadSlots.js";
import type { DocumentChange } from "./collab/documentChanges.js";

/** Where the live drafts are: the collaboration server, once it runs. */
export interface LiveDocuments {
  /** The live draft of a charter, if it is open. */
  liveDoc(charterId: string): Y.Doc | null;
  /**
   * Changes a charter's draft on behalf of a user (restoring a version, say):
   * the change reaches everyone connected at once and is stored before this resolves.
   */
  changeDocument(charterId: string, userId: string, change: DocumentChange): Promise<void>;
  /**
   * Closes every connection to a charter about to be deleted (4404) and drops
   * its live draft without saving it; new connections to it are refused.
   */
  closeCharter(charterId: string): Promise<void>;
}

/** What the HTTP and collaboration layers are built on; passed in, never imported. */
export interface Services {
  db: Knex;
  config: Config;
  templates: TemplateCatalog;
  events: CharteEvents;
  liveDocuments: LiveDocuments;
  /** Password hashing, a few at a time (HTTP 503 past its queue). */
  passwords: PasswordHasher;
  /** Wrong-password limits of logins and invitation acceptances (HTTP 429). */
  loginThrottle: LoginThrottle;
  /** The platform's seal key, which signs the signed PDFs (loaded, or made, on first use). */
  seal: PlatformSeal;
  /** Evidence uploads under way per user (HTTP 429 past `evidenceUploadsPerUser`). */
  uploadSlots: UploadSlots;
}

/** Assembles the services from their parts. */
export function createServices(parts: { db: Knex; config: Config; templates: TemplateCatalog }): Services {
  return {
    ...parts,
    events: new CharteEvents(),
    passwords: new PasswordHasher(parts.config.passwordHashConcurrency, parts.config.passwordHashQueue),
    loginThrottle: new LoginThrottle(parts.config),
    seal: new PlatformSeal(parts.config),
    uploadSlots: new UploadSlots(parts.config.evidenceUploadsPerUser),
    liveDocuments: {
      liveDoc: () => null,
      changeDocument: () => Promise.reject(new Error("The collaboration server is not running")),
      closeCharter: () => Promise.resolve(),
    },
  };
}
