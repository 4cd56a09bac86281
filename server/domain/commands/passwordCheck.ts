import type { Services } from "../../services.js";
import { DUMMY_HASH } from "../../auth/passwords.js";
import { LoginThrottled, throttledError } from "../../auth/loginThrottle.js";
import { recordAudit } from "../../store/audit.js";
import type { UserRow } from "../../store/rows.js";
import { findUserByEmail } from "../../store/users.js";

/** Where a password was typed. */
export type PasswordVia = "login" | "invitation" | "signature";

/**
 * Checks a password typed for an email, within the login limits (HTTP 429,
 * before the account is even looked up) and the hashing queue (HTTP 503).
 * When the email has no account a dummy hash is checked, so that timing tells
 * nothing; the account is returned only if the password is right. Wrong passwords, and
 * the attempt that reaches a limit, go to the audit log. The email is recorded
 * only when it is an account's: an unknown one may be a password typed in the
 * wrong field.
 */
export async function passwordChecker(services: Services, input: { email: string; password: string; ip: string | null; via: PasswordVia; charterId?: string }): Promise<UserRow | null> {
  const { ip, via } = input;
  // A password typed to sign a charter goes to that charter's chain: its evidence file lists the failures.
  const audit = (action: string, user: UserRow | undefined, details: Record<string, unknown>) =>
    recordAudit(services.db, { actorId: user?.id ?? null, charterId: input.charterId ?? null, subjectType: "user", subjectId: user?.id, ip, action, details: { via, ...details, ...(user ? { email: user.email } : {}) } });
  let attempt;
  try {
    attempt = await services.loginThrottle.attempt(ip, input.email);
  } catch (err) {
    if (!(err instanceof LoginThrottled)) throw err;
    if (err.first) await audit("user.login_throttled", await findUserByEmail(services.db, input.email), { limit: err.limit });
    throw throttledError(err);
  }
  let user: UserRow | undefined;
  let ok: boolean;
  try {
    user = await findUserByEmail(services.db, input.email);
    ok = await services.passwords.verify(input.password, user?.password_hash ?? DUMMY_HASH);
  } catch (err) {
    await attempt.refund();
    throw err;
  }
  if (ok && user) {
    await attempt.refund();
    return user;
  }
  await audit("user.login_failed", user, { reason: user ? "wrong_password" : "unknown_email" });
  return null;
}
