import { randomUUID } from "node:crypto";
import type { Services } from "../../services.js";
import { signAccessToken } from "../../auth/tokens.js";
import { insertSession } from "../../store/sessions.js";
import { recordAudit } from "../../store/audit.js";
import type { UserRow } from "../../store/rows.js";
import { unauthorized } from "../../http/errors.js";
import { passwordChecker } from "./passwordCheck.js";

/** A new session: its access token and the user. */
export interface NewSession {
  token: string;
  expiresAt: string;
  user: UserRow;
}

/**
 * Checks an email and password and opens a session; 401 with the same message
 * whether the email or the password is wrong, 429 past the login limits.
 */
export async function sessionCreator(services: Services, input: { email: string; password: string; ip: string | null; userAgent: string | null }): Promise<NewSession> {
  const user = await passwordChecker(services, { email: input.email, password: input.password, ip: input.ip, via: "login" });
  if (!user) throw unauthorized("Adresse électronique ou mot de passe incorrect.");
  return openSession(services, user, input.ip, input.userAgent, "user.logged_in");
}

/** Opens a session for a user whose identity was just proven. */
export async function openSession(services: Services, user: UserRow, ip: string | null, userAgent: string | null, action: string): Promise<NewSession> {
  const { config, db } = services;
  const id = randomUUID();
  const created = new Date();
  const expiresAt = new Date(created.getTime() + config.tokenTtlSeconds * 1000).toISOString();
  await db.transaction(async (trx) => {
    await insertSession(trx, { id, user_id: user.id, created_at: created.toISOString(), expires_at: expiresAt, revoked_at: null, ip, user_agent: userAgent });
    await recordAudit(trx, { actorId: user.id, action, subjectType: "session", subjectId: id, ip });
  });
  return { token: signAccessToken({ sub: user.id, sid: id }, config.jwtSecret, config.tokenTtlSeconds), expiresAt, user };
}
