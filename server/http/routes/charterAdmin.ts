import { z } from "zod";
import { route } from "../route.js";
import { charterTitle } from "./charters.js";
import { charterRenamer } from "../../domain/commands/charterRenamer.js";
import { charterArchiver, charterUnarchiver } from "../../domain/commands/charterArchiver.js";
import { charterDeleter } from "../../domain/commands/charterDeleter.js";
import { getCharter, listSignatories } from "../../store/charters.js";
import { presentCharter } from "../presenters.js";
import type { Services } from "../../services.js";
import type { Role } from "../../shared/roles.js";

const renameBody = z.object({ title: charterTitle() });

/** The charter as it is now, for the caller. */
async function presentNow(services: Services, charterId: string, role: Role) {
  const charter = (await getCharter(services.db, charterId))!;
  return presentCharter(charter, role, { signatories: await listSignatories(services.db, charterId) });
}

/** Renaming, archiving and deleting a charter: its pilots' administration. */
export const charterAdminRoutes = [
  route({
    method: "patch", path: "/charters/:id", tag: "charters", access: { charter: "charter:update" }, body: renameBody,
    summary: "Rename a charter (pilots, while drafting). The title is also changed in the live document, where everyone connected sees it at once.",
    responds: "`{charter}`.",
    async handle({ services, charter, membership, auth, body, ip }) {
      await charterRenamer(services, charter!, auth!.user.id, body.title, ip);
      return { body: { charter: await presentNow(services, charter!.id, membership!.role) } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/archive", tag: "charters", access: { charter: "charter:archive" },
    summary: "Archive a charter (pilots, while drafting or frozen): it becomes read-only for everyone and is listed apart.",
    responds: "`{charter}`.",
    async handle({ services, charter, membership, auth, ip }) {
      await charterArchiver(services, charter!, auth!.user.id, ip);
      return { body: { charter: await presentNow(services, charter!.id, membership!.role) } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/unarchive", tag: "charters", access: { charter: "charter:unarchive" },
    summary: "Bring an archived charter back (pilots): to drafting, or to frozen if a version was frozen for approval.",
    responds: "`{charter}`.",
    async handle({ services, charter, membership, auth, ip }) {
      await charterUnarchiver(services, charter!, auth!.user.id, ip);
      return { body: { charter: await presentNow(services, charter!.id, membership!.role) } };
    },
  }),
  route({
    method: "delete", path: "/charters/:id", tag: "charters", access: { charter: "charter:delete" },
    summary: "Delete a charter that was never signed (pilots), with everything in it; 409 once it has gone to signature. Everyone connected is disconnected (4404). The audit log keeps its events.",
    responds: "`{deleted: charterId}`.",
    async handle({ services, charter, auth, ip }) {
      await charterDeleter(services, charter!, auth!.user.id, ip);
      return { body: { deleted: charter!.id } };
    },
  }),
];
