import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Me, Session } from "../types.js";

/** The signed-in user and the session actions, for every page. */
export interface SessionValue {
  /** Null when nobody is signed in (public pages only). */
  me: Me | null;
  /** Stores a new session (login, accepted invitation) and loads the user. */
  signIn(session: Session): Promise<void>;
  signOut(): Promise<void>;
}

/** Provided by `App`. */
export const SessionContext = createContext<SessionValue | null>(null);

/** The session; only inside `App`. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession used outside SessionContext");
  return value;
}

/** The signed-in user, on pages that require one. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error("useMe used on a page without a signed-in user");
  return me;
}
