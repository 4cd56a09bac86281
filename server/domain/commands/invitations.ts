import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Services } from "../../services.js";
import type { Role } from "../../shared/roles.js";
import { getOrganisation } from "../../store/organisations.js";
import { findUserByEmail, insertUser, normalizeEmail } from "../../store/users.js";
import { getMembership, insertMembership } from "../../store/memberships.js";
import { getInvitationByTokenHash, insertInvitation, markInvitationAccepted, markInvitationRevoked } from "../../store/invitations.js";
import { recordAudit } from "../../store/audit.js";
import { now, type CharterRow, type InvitationRow, type UserRow } from "../../store/rows.js";
import { conflict, gone, HttpError, invalidField, notFound } from "../../http/errors.js";
import { openSession, type NewSession } from "./sessionCreator.js";
import { passwordChecker } from "./passwordCheck.js";

/** The SHA-256 of an invitation token, which is all the database keeps. */
export const hashInvitationToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The link an invitee opens. */
export const invitationLink = (services: Services, token: string) => `${services.config.publicUrl}/invitation/${token}`;

export interface InvitationInput {
  email: string;
  name?: string | null;
  role: Role;
  organisationId: string | null;
}

/** Invites a person to a charter; returns the invitation and its one-time token (shown once, never stored). */
export async function invitationCreator(services: Services, pilot: UserRow, charter: CharterRow, input: InvitationInput, ip: string | null): Promise<{ invitation: InvitationRow; token: string }> {
  const email = normalizeEmail(input.email);
  if (input.organisationId && !(await getOrganisation(services.db, input.organisationId)))
    throw invalidField("organisationId", "Organisation inconnue.");
  const existing = await findUserByEmail(services.db, email);
  if (existing && (await getMembership(services.db, charter.id, existing.id)))
    throw conflict("already_member", `${email} est déjà membre de cette charte.`);
  const token = randomBytes(32).toString("base64url");
  const at = new Date();
  const invitation: InvitationRow = {
    id: randomUUID(),
    charter_id: charter.id,
    email,
    name: input.name?.trim() || null,
    role: input.role,
    organisation_id: input.organisationId,
    token_hash: hashInvitationToken(token),
    created_by: pilot.id,
    created_at: at.toISOString(),
    expires_at: new Date(at.getTime() + services.config.invitationTtlSeconds * 1000).toISOString(),
    accepted_at: null,
    accepted_by: null,
    revoked_at: null,
  };
  await services.db.transaction(async (trx) => {
    await insertInvitation(trx, invitation);
    await recordAudit(trx, {
      actorId: pilot.id, charterId: charter.id, action: "invitation.created", subjectType: "invitation", subjectId: invitation.id, ip,
      details: { email, role: input.role, organisationId: input.organisationId },
    });
  });
  return { invitation, token };
}

/** The invitation behind a token, if it can still be used; otherwise a clear error. */
export async function usableInvitation(services: Services, token: string): Promise<InvitationRow> {
  const invitation = await getInvitationByTokenHash(services.db, hashInvitationToken(token));
  if (!invitation) throw notFound("Invitation");
  if (invitation.accepted_at) throw gone("invitation_used", "Ce lien d'invitation a déjà été utilisé. Connectez-vous avec votre compte, ou demandez une nouvelle invitation au pilote de la charte.");
  if (invitation.revoked_at) throw gone("invitation_revoked", "Cette invitation a été annulée par le pilote de la charte.");
  if (invitation.expires_at <= now()) throw gone("invitation_expired", "Ce lien d'invitation a expiré. Demandez une nouvelle invitation au pilote de la charte.");
  return invitation;
}

export interface AcceptInput {
  name?: string;
  password: string;
  jobTitle?: string | null;
}

/**
 * Accepts an invitation: a new account is made with the chosen password, or,
 * if the email already has an account, its password must be given. The
 * membership is added and a session opened. A link works once. The
 * existing account's password is checked within the same limits as a login.
 */
export async function invitationAcceptor(services: Services, token: string, input: AcceptInput, ip: string | null, userAgent: string | null): Promise<NewSession> {
  const invitation = await usableInvitation(services, token);
  let user = await findUserByEmail(services.db, invitation.email);
  const newUser = !user;
  if (user) {
    if (!(await passwordChecker(services, { email: user.email, password: input.password, ip, via: "invitation" })))
      throw new HttpError(400, "wrong_password", "Mot de passe incorrect : saisissez le mot de passe de votre compte existant.", "password");
  } else {
    const name = input.name?.trim() || invitation.name;
    if (!name) throw invalidField("name", "Indiquez vos nom et prénom.");
    user = {
      id: randomUUID(), email: invitation.email, name, job_title: input.jobTitle?.trim() || null,
      password_hash: await services.passwords.hash(input.password), organisation_id: invitation.organisation_id,
      platform_role: "member", created_at: now(),
    };
  }
  const accepted = user;
  await services.db.transaction(async (trx) => {
    if (newUser) await insertUser(trx, accepted);
    if (!(await markInvitationAccepted(trx, invitation.id, accepted.id, now())))
      throw gone("invitation_used", "Ce lien d'invitation a déjà été utilisé.");
    if (await getMembership(trx, invitation.charter_id, accepted.id))
      throw conflict("already_member", "Vous êtes déjà membre de cette charte.");
    const at = now();
    await insertMembership(trx, {
      id: randomUUID(), charter_id: invitation.charter_id, user_id: accepted.id, role: invitation.role,
      organisation_id: invitation.organisation_id, created_by: invitation.created_by, created_at: at, updated_at: at,
    });
    await recordAudit(trx, {
      actorId: accepted.id, charterId: invitation.charter_id, action: "invitation.accepted", subjectType: "invitation", subjectId: invitation.id, ip,
      details: { role: invitation.role, organisationId: invitation.organisation_id, newAccount: newUser },
    });
  }).catch((err) => {
    if (err instanceof HttpError) throw err;
    // Two acceptances racing on one email: the unique index stops the second.
    if (/unique|duplicate/i.test(String(err.message))) throw gone("invitation_used", "Ce lien d'invitation a déjà été utilisé.");
    throw err;
  });
  return openSession(services, accepted, ip, userAgent, "user.logged_in");
}

/** Cancels a pending invitation. */
export async function invitationRevoker(services: Services, pilot: UserRow, invitation: InvitationRow, ip: string | null): Promise<void> {
  if (invitation.accepted_at) throw conflict("invitation_used", "Cette invitation a déjà été acceptée.");
  if (invitation.revoked_at) return;
  await services.db.transaction(async (trx) => {
    await markInvitationRevoked(trx, invitation.id, now());
    await recordAudit(trx, { actorId: pilot.id, charterId: invitation.charter_id, action: "invitation.revoked", subjectType: "invitation", subjectId: invitation.id, ip });
  });
}
