import { userColor } from "./colors.js";

/** Someone in the document, as the presence list shows them. */
export interface PresenceEntry {
  userId: string;
  name: string;
  organisation: string | null;
  color: string;
  /** « rédige » or « consulte ». */
  mode: "editing" | "reading";
  /** This user (possibly also in other tabs). */
  self: boolean;
}

/** The `user` field of a presence state, as the server fills it in (it overwrites what clients claim). */
interface PresenceUser {
  id?: unknown;
  name?: unknown;
  organisation?: unknown;
  mode?: unknown;
  color?: unknown;
}

/**
 * The people in the document from the awareness states: one entry per user
 * (several tabs count once, « rédige » if any of them edits), this user
 * first, then by name. States the server has not vouched for yet (no id or
 * name) are left out.
 */
export function presenceList(states: ReadonlyMap<number, Record<string, unknown>>, self: PresenceEntry): PresenceEntry[] {
  const byUser = new Map<string, PresenceEntry>();
  for (const state of states.values()) {
    const user = state.user as PresenceUser | undefined;
    if (!user || typeof user.id != "string" || typeof user.name != "string" || user.id == self.userId) continue;
    const mode = user.mode == "editing" ? "editing" : "reading";
    const known = byUser.get(user.id);
    if (known) {
      if (mode == "editing") known.mode = mode;
      continue;
    }
    byUser.set(user.id, {
      userId: user.id,
      name: user.name,
      organisation: typeof user.organisation == "string" ? user.organisation : null,
      color: typeof user.color == "string" && /^#[0-9a-fA-F]{6}$/.test(user.color) ? user.color : userColor(user.id).color,
      mode,
      self: false,
    });
  }
  const others = [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, "fr"));
  return [self, ...others];
}
