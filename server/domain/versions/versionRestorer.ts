import type { Services } from "../../services.js";
import { recordAudit } from "../../store/audit.js";
import type { VersionRow } from "../../store/versions.js";
import { draftCheckpointSaver, versionDetails } from "./versionSaver.js";
import { ofTheVersion } from "../../shared/versionNames.js";
import { parisDateTime, presentName } from "./versionNaming.js";

/**
 * Makes the live draft equal to an earlier version. It is a new change on top
 * of the history (nothing is rewritten; the draft it replaces is kept as an
 * automatic version first): y-prosemirror's own diffing turns it into the
 * smallest edit, which everyone connected sees at once.
 */
export async function versionRestorer(services: Services, charterId: string, userId: string, version: VersionRow, ip: string | null): Promise<void> {
  // Whatever the draft was, it stays on record.
  await draftCheckpointSaver(services, charterId, `Avant la restauration ${ofTheVersion(presentName(version), parisDateTime)}`, ip);
  await services.liveDocuments.changeDocument(charterId, userId, { kind: "content", document: JSON.parse(version.document) });
  await recordAudit(services.db, {
    actorId: userId, charterId, action: "version.restored", subjectType: "version", subjectId: version.id, ip,
    details: versionDetails(version),
  });
}
