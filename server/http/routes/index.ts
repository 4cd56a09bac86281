import type { RouteDef } from "../route.js";
import { route } from "../route.js";
import { authRoutes } from "./auth.js";
import { referenceRoutes } from "./reference.js";
import { charterRoutes } from "./charters.js";
import { charterAdminRoutes } from "./charterAdmin.js";
import { journalRoutes } from "./journal.js";
import { memberRoutes } from "./members.js";
import { versionRoutes } from "./versions.js";
import { frozenRoutes } from "./frozen.js";
import { signingRoutes } from "./signing.js";
import { commentRoutes } from "./comments.js";
import { collabRoutes } from "./collab.js";
import { userRoutes } from "./users.js";
import { exportRoutes } from "./exports.js";
import { auditChainRoutes } from "./auditChain.js";
import { evidenceRoutes } from "./evidence.js";
import { followupRoutes } from "./followup.js";
import { followupReportRoutes } from "./followupReport.js";
import { dashboardRoutes } from "./dashboard.js";
import { signedPdfRoutes } from "./signedPdf.js";
import { publicationRoutes } from "./publication.js";
import { buildOpenApi } from "../openapi.js";

const apiRoutes: RouteDef[] = [...referenceRoutes, ...authRoutes, ...charterRoutes, ...charterAdminRoutes, ...journalRoutes, ...memberRoutes, ...versionRoutes, ...frozenRoutes, ...signingRoutes, ...commentRoutes, ...collabRoutes, ...userRoutes, ...exportRoutes, ...auditChainRoutes, ...evidenceRoutes, ...followupRoutes, ...followupReportRoutes, ...dashboardRoutes, ...signedPdfRoutes, ...publicationRoutes];

/** Every REST route the server runs, the OpenAPI document included. */
export const allRoutes: RouteDef[] = [
  ...apiRoutes,
  route({
    method: "get", path: "/openapi.json", tag: "system", access: { public: true },
    summary: "This API's OpenAPI 3.1 document.",
    responds: "The OpenAPI document.",
    async handle() {
      return { body: openApi };
    },
  }),
];

const openApi = buildOpenApi(allRoutes);
