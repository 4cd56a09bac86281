import { route } from "../route.js";
import { verifyChain } from "../../domain/audit/chainVerifier.js";

/** The check of a charter's audit chain (pilots): the same as `npm run audit:verify`, for that chain alone. */
export const auditChainRoutes = [
  route({
    method: "get", path: "/charters/:id/audit/verify", tag: "charters", access: { charter: "audit:read" },
    summary: "Check the charter's audit chain (pilots): every entry hashes to its recorded hash and links to the one before it, up to the recorded head.",
    responds: "`{intact, chain, entries, head: {id, seq, hash}, problem: {kind: altered|inserted|deleted, entryId, seq, message} | null}`.",
    async handle({ services, charter }) {
      return { body: await verifyChain(services.db, charter!.id) };
    },
  }),
];
