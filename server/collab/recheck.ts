import type { Services } from "../services.js";
import { can } from "../domain/policy.js";
import { getCharter } from "../store/charters.js";
import type { MembershipRow, SessionRow } from "../store/rows.js";
import { CLOSE_CODES } from "../shared/collab.js";
import type { Room } from "./room.js";

/**
 * Checks every connection of a room against the database again: a logged-out
 * or expired session is closed (4401), a member removed is closed (4403), and
 * a changed role or charter state changes what the connection may do at once.
 */
export async function recheckRoom(services: Services, room: Room): Promise<void> {
  const { db } = services;
  const conns = [...room.connections];
  if (!conns.length) return;
  const charter = await getCharter(db, room.charterId);
  // Each user and session once, however many tabs they have open (200 connections are a few dozen users).
  const userIds = [...new Set(conns.map((c) => c.participant.userId))];
  const sessionIds = [...new Set(conns.map((c) => c.participant.sessionId))];
  const memberships: MembershipRow[] = await db("memberships").where({ charter_id: room.charterId }).whereIn("user_id", userIds);
  const sessions: SessionRow[] = await db("sessions").whereIn("id", sessionIds);
  const byUser = new Map(memberships.map((m) => [m.user_id, m]));
  const bySession = new Map(sessions.map((s) => [s.id, s]));
  const now = new Date().toISOString();
  for (const conn of conns) {
    const session = bySession.get(conn.participant.sessionId);
    if (!session || session.revoked_at || session.expires_at <= now) {
      conn.close(CLOSE_CODES.unauthorized, "Session ended");
      continue;
    }
    const membership = byUser.get(conn.participant.userId);
    if (!charter || !membership || !can({ state: charter.state, role: membership.role }, "document:read")) {
      conn.close(CLOSE_CODES.forbidden, "No longer a member");
      continue;
    }
    const canEdit = can({ state: charter.state, role: membership.role }, "document:edit");
    if (canEdit != conn.participant.canEdit || membership.role != conn.participant.role) {
      conn.participant = { ...conn.participant, role: membership.role, canEdit };
      conn.sendAccess();
      conn.refreshPresence();
    }
  }
}
