import { z } from "zod";
import { route } from "../route.js";
import { text } from "../fields.js";
import { sessionCreator } from "../../domain/commands/sessionCreator.js";
import { revokeSession } from "../../store/sessions.js";
import { recordAudit } from "../../store/audit.js";
import { now } from "../../store/rows.js";
import { presentUser } from "../presenters.js";
import { getOrganisation } from "../../store/organisations.js";
import { canOnPlatform } from "../../domain/policy.js";

const loginBody = z.object({
  email: text({ required: "Indiquez votre adresse électronique.", max: 254, maxMessage: "Adresse électronique trop longue." }),
  password: z.string({ error: "Indiquez votre mot de passe." }).min(1, "Indiquez votre mot de passe.").max(200),
});

export const authRoutes = [
  route({
    method: "post", path: "/auth/login", tag: "auth", access: { public: true }, body: loginBody,
    summary: "Log in with email and password (rate-limited: HTTP 429 after repeated failures).",
    responds: "`{token, expiresAt, user}`; 401 if the email or password is wrong.",
    async handle({ services, body, ip, userAgent }) {
      const session = await sessionCreator(services, { ...body, ip, userAgent });
      const org = session.user.organisation_id ? await getOrganisation(services.db, session.user.organisation_id) : null;
      return { body: { token: session.token, expiresAt: session.expiresAt, user: presentUser(session.user, org) } };
    },
  }),
  route({
    method: "post", path: "/auth/logout", tag: "auth", access: { user: true },
    summary: "End the current session: its token stops working at once.",
    responds: "204.",
    async handle({ services, auth, ip }) {
      await services.db.transaction(async (trx) => {
        await revokeSession(trx, auth!.sessionId, now());
        await recordAudit(trx, { actorId: auth!.user.id, action: "user.logged_out", subjectType: "session", subjectId: auth!.sessionId, ip });
        await services.events.publish(trx, "session-ended", { sessionId: auth!.sessionId });
      });
      return { status: 204 };
    },
  }),
  route({
    method: "get", path: "/auth/me", tag: "auth", access: { user: true },
    summary: "The signed-in user, and what they may do on the platform.",
    responds: "`{user, abilities}`.",
    async handle({ services, auth }) {
      const actor = auth!.actor;
      const org = auth!.user.organisation_id ? await getOrganisation(services.db, auth!.user.organisation_id) : null;
      const abilities = { "charter:create": canOnPlatform(actor, "charter:create"), "organisations:create": canOnPlatform(actor, "organisations:create") };
      return { body: { user: presentUser(auth!.user, org), abilities } };
    },
  }),
];
