import type { Services } from "../services.js";
import { verifyAccessToken } from "../auth/tokens.js";
import { getSession } from "../store/sessions.js";
import { getUser } from "../store/users.js";
import type { Auth } from "./route.js";

/**
 * Resolves an access token to its user, or null when the token is missing,
 * malformed, expired, or its session was ended by logout. Shared by REST and
 * the collaboration server.
 */
export async function authenticateToken(services: Services, token: string | null | undefined): Promise<Auth | null> {
  if (!token) return null;
  const claims = verifyAccessToken(token, services.config.jwtSecret);
  if (!claims) return null;
  const session = await getSession(services.db, claims.sid);
  if (!session || session.revoked_at || session.user_id != claims.sub || session.expires_at <= new Date().toISOString()) return null;
  const user = await getUser(services.db, claims.sub);
  if (!user) return null;
  return {
    user,
    sessionId: session.id,
    actor: { id: user.id, platformRole: user.platform_role },
  };
}

/** The token of an `Authorization: Bearer …` header. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match ? match[1] : null;
}
