import { z } from "zod";
import { route } from "../route.js";
import { PLATFORM_ROLES } from "../../shared/roles.js";
import { getUser, setPlatformRole } from "../../store/users.js";
import { recordAudit } from "../../store/audit.js";
import { conflict, notFound } from "../errors.js";
import { presentUser } from "../presenters.js";

const platformRoleBody = z.object({
  platformRole: z.enum(PLATFORM_ROLES, { error: "Choisissez un rôle sur la plateforme : admin, creator ou member." }),
});

export const userRoutes = [
  route({
    method: "patch", path: "/users/:userId/platform-role", tag: "users", access: { platform: "platform-roles:manage" }, body: platformRoleBody,
    summary: "Set a user's platform role (administrators): `creator` may create charters and organisations, `admin` everything, `member` neither.",
    responds: "`{user}`; 409 for one's own role (an administrator cannot lock the platform out by mistake).",
    async handle({ services, auth, params, body, ip }) {
      const user = await getUser(services.db, params.userId);
      if (!user) throw notFound("Utilisateur");
      if (user.id == auth!.user.id) throw conflict("own_platform_role", "Vous ne pouvez pas changer votre propre rôle sur la plateforme : demandez-le à un autre administrateur.");
      await services.db.transaction(async (trx) => {
        await setPlatformRole(trx, user.id, body.platformRole);
        await recordAudit(trx, { actorId: auth!.user.id, action: "user.platform_role_changed", subjectType: "user", subjectId: user.id, ip, details: { from: user.platform_role, to: body.platformRole } });
      });
      return { body: { user: presentUser({ ...user, platform_role: body.platformRole }) } };
    },
  }),
];
