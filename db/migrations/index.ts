import type { Knex } from "knex";
import * as foundation from "./20261127000000_foundation.js";
import * as versions from "./20261127010000_versions_comments_attribution.js";
import * as collabTickets from "./20261201020000_collab_tickets.js";
import * as creatorRole from "./20261201030000_platform_creator_role.js";
import * as commentAnchors from "./20261201040000_comment_anchors.js";
import * as approvalSignature from "./20261201090000_approval_signature.js";
import * as auditChain from "./20261201100000_audit_chain.js";
import * as versionNames from "./20261201110000_version_names_and_checkpoints.js";
import * as compliance from "./20261201120000_compliance.js";
import * as signedPdfs from "./20261201130000_signed_pdfs.js";
import * as trackSigned from "./20261201140000_track_signed_charters.js";
import * as charterPublication from "./20261202130000_charter_publication.js";
import * as charterLeases from "./20261202140000_charter_leases.js";
import * as leaseRecovery from "./20261202141000_lease_recovery.js";

/**
 * The migrations, in order. Listed here rather than found on disk so that they
 * run the same from TypeScript sources, in tests and in production.
 * Never edit a migration once it has shipped: add a new one.
 */
const migrations: Record<string, Knex.Migration> = {
  "20261127000000_foundation": foundation,
  "20261127010000_versions_comments_attribution": versions,
  "20261201020000_collab_tickets": collabTickets,
  "20261201030000_platform_creator_role": creatorRole,
  "20261201040000_comment_anchors": commentAnchors,
  "20261201090000_approval_signature": approvalSignature,
  "20261201100000_audit_chain": auditChain,
  "20261201110000_version_names_and_checkpoints": versionNames,
  "20261201120000_compliance": compliance,
  "20261201130000_signed_pdfs": signedPdfs,
  "20261201140000_track_signed_charters": trackSigned,
  "20261202130000_charter_publication": charterPublication,
  "20261202140000_charter_leases": charterLeases,
  "20261202141000_lease_recovery": leaseRecovery,
};

/** A knex migration source over the list above. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};
