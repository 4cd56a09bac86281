import { route } from "../route.js";
import { issueCollabTicket } from "../../collab/tickets.js";

export const collabRoutes = [
  route({
    method: "post", path: "/charters/:id/collab-tickets", tag: "collaboration", access: { charter: "document:read" }, budget: "collabTickets",
    summary: "A single-use ticket to open the charter's collaboration WebSocket (`/collab/:id?ticket=…`), valid once, for a few seconds (`ticketTtlSeconds`, 30 by default).",
    responds: "201 `{ticket, expiresAt}`.",
    async handle({ services, charter, auth }) {
      const body = await issueCollabTicket(services, { charterId: charter!.id, userId: auth!.user.id, sessionId: auth!.sessionId });
      return { status: 201, body };
    },
  }),
];
