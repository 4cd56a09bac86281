import { z } from "zod";
import { route } from "../route.js";
import { identifier, optionalText } from "../fields.js";
import { ROLES, ROLE_LABELS } from "../../shared/roles.js";
import { can } from "../../domain/policy.js";
import { getMemberRow, getMembership, listMembers } from "../../store/memberships.js";
import { getInvitation, listPendingInvitations } from "../../store/invitations.js";
import { memberRemover, memberRoleChanger } from "../../domain/commands/members.js";
import { invitationAcceptor, invitationCreator, invitationLink, invitationRevoker, usableInvitation } from "../../domain/commands/invitations.js";
import { getCharter } from "../../store/charters.js";
import { getOrganisation } from "../../store/organisations.js";
import { findUserByEmail } from "../../store/users.js";
import { MIN_PASSWORD_LENGTH } from "../../auth/passwords.js";
import { notFound } from "../errors.js";
import { presentInvitation, presentMember, presentUser } from "../presenters.js";

const role = z.enum(ROLES, { error: `Choisissez un rôle : ${ROLES.map((r) => ROLE_LABELS[r].toLowerCase()).join(", ")}.` });

const inviteBody = z.object({
  email: z.email({ error: "Adresse électronique invalide." }).max(254),
  name: optionalText({ max: 200, maxMessage: "Nom trop long (200 caractères au plus)." }).nullish(),
  role,
  organisationId: identifier("Organisation inconnue.").nullish().transform((v) => v || null),
});

const roleBody = z.object({ role });

const acceptBody = z.object({
  name: optionalText({ max: 200, maxMessage: "Nom trop long (200 caractères au plus)." }).optional(),
  jobTitle: optionalText({ max: 200, maxMessage: "Fonction trop longue." }).nullish(),
  password: z.string({ error: "Choisissez un mot de passe." }).min(MIN_PASSWORD_LENGTH, `Le mot de passe doit faire au moins ${MIN_PASSWORD_LENGTH} caractères.`).max(200, "Mot de passe trop long."),
});

export const memberRoutes = [
  route({
    method: "get", path: "/charters/:id/members", tag: "members", access: { charter: "members:read" },
    summary: "The charter's members, with role and organisation; emails are shown to pilots only.",
    responds: "`{members: [{userId, name, email (null unless pilot), jobTitle, role, organisation, since}]}`.",
    async handle({ services, charter, membership }) {
      const withEmail = can({ state: charter!.state, role: membership!.role }, "members:manage");
      return { body: { members: (await listMembers(services.db, charter!.id)).map((m) => presentMember(m, withEmail)) } };
    },
  }),
  route({
    method: "patch", path: "/charters/:id/members/:userId", tag: "members", access: { charter: "members:manage" }, body: roleBody,
    summary: "Change a member's role (pilots). A charter keeps at least one pilot (409).",
    responds: "`{member}`.",
    async handle({ services, charter, auth, params, body, ip }) {
      const member = await getMembership(services.db, charter!.id, params.userId);
      if (!member) throw notFound("Membre");
      await memberRoleChanger(services, auth!.user, member, body.role, ip);
      const row = (await getMemberRow(services.db, charter!.id, params.userId))!;
      return { body: { member: presentMember(row, true) } };
    },
  }),
  route({
    method: "delete", path: "/charters/:id/members/:userId", tag: "members", access: { charter: "members:manage" },
    summary: "Remove a member (pilots). A charter keeps at least one pilot (409).",
    responds: "204.",
    async handle({ services, charter, auth, params, ip }) {
      const member = await getMembership(services.db, charter!.id, params.userId);
      if (!member) throw notFound("Membre");
      await memberRemover(services, auth!.user, member, ip);
      return { status: 204 };
    },
  }),
  route({
    method: "get", path: "/charters/:id/invitations", tag: "invitations", access: { charter: "invitations:manage" },
    summary: "Pending invitations (pilots). Links are shown only once, when made.",
    responds: "`{invitations: [...]}`.",
    async handle({ services, charter }) {
      return { body: { invitations: (await listPendingInvitations(services.db, charter!.id)).map((row) => presentInvitation(row)) } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/invitations", tag: "invitations", access: { charter: "invitations:manage" }, body: inviteBody,
    summary: "Invite a person with a role and an organisation (pilots). There is no mail server: the one-time link is returned for the pilot to send.",
    responds: "201 `{invitation: {…, link}}`; 409 if already a member.",
    async handle({ services, charter, auth, body, ip }) {
      const { invitation, token } = await invitationCreator(services, auth!.user, charter!, body, ip);
      const org = invitation.organisation_id ? await getOrganisation(services.db, invitation.organisation_id) : undefined;
      return { status: 201, body: { invitation: presentInvitation({ ...invitation, organisation_name: org?.name ?? null }, invitationLink(services, token)) } };
    },
  }),
  route({
    method: "delete", path: "/charters/:id/invitations/:invitationId", tag: "invitations", access: { charter: "invitations:manage" },
    summary: "Cancel a pending invitation (pilots): its link stops working.",
    responds: "204.",
    async handle({ services, charter, auth, params, ip }) {
      const invitation = await getInvitation(services.db, charter!.id, params.invitationId);
      if (!invitation) throw notFound("Invitation");
      await invitationRevoker(services, auth!.user, invitation, ip);
      return { status: 204 };
    },
  }),
  route({
    method: "get", path: "/invitations/:token", tag: "invitations", access: { public: true },
    summary: "What an invitation link is for, before accepting it. 404 unknown, 410 used, cancelled or expired.",
    responds: "`{invitation: {email, name, role, organisation, charter, expiresAt, hasAccount}}`.",
    async handle({ services, params }) {
      const invitation = await usableInvitation(services, params.token);
      const charter = (await getCharter(services.db, invitation.charter_id))!;
      const org = invitation.organisation_id ? await getOrganisation(services.db, invitation.organisation_id) : undefined;
      const hasAccount = !!(await findUserByEmail(services.db, invitation.email));
      return {
        body: {
          invitation: {
            ...presentInvitation({ ...invitation, organisation_name: org?.name ?? null }),
            charter: { id: charter.id, title: charter.title },
            hasAccount,
          },
        },
      };
    },
  }),
  route({
    method: "post", path: "/invitations/:token/accept", tag: "invitations", access: { public: true }, body: acceptBody,
    summary: "Accept an invitation: choose a password (new account) or give yours (existing account). The link then stops working.",
    responds: "`{token, expiresAt, user, charterId}`; 400 `wrong_password` if the existing account's password is wrong; 410 if used, cancelled or expired.",
    async handle({ services, params, body, ip, userAgent }) {
      const invitation = await usableInvitation(services, params.token);
      const session = await invitationAcceptor(services, params.token, body, ip, userAgent);
      const org = session.user.organisation_id ? await getOrganisation(services.db, session.user.organisation_id) : null;
      return { body: { token: session.token, expiresAt: session.expiresAt, user: presentUser(session.user, org), charterId: invitation.charter_id } };
    },
  }),
];
