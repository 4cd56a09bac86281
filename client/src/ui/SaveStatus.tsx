import { useEffect, useRef, useState } from "preact/hooks";
import { CLOSE_CODES } from "../../../server/shared/collab.js";
import type { CollabStatus } from "../collab/session.js";

/** The texts of the status line (tests and users rely on them). */
export const SAVE_TEXTS = {
  stored: "Enregistré",
  storing: "Enregistrement…",
  offline: "Hors ligne — vos modifications sont conservées",
  connecting: "Connexion…",
  closed: "Déconnecté",
  live: "En direct",
  offlineReading: "Hors ligne",
} as const;

/**
 * Whether the user's edits are stored: « Enregistré » only once the server
 * has said everything is in the database. The line itself is not a live
 * region (it changes at every pause in typing); going offline and coming
 * back are announced once each.
 */
export function SaveStatus(props: { status: CollabStatus; editable: boolean }) {
  const { status } = props;
  const writer = props.editable || !status.stored;
  let kind: keyof typeof SAVE_TEXTS;
  // With an expired session, edits still go to this device's copy, sent after logging in again.
  if (status.closed) kind = status.closed.code == CLOSE_CODES.unauthorized && writer ? "offline" : "closed";
  else if (status.connection == "connecting") kind = "connecting";
  else if (status.connection != "online") kind = writer ? "offline" : "offlineReading";
  else if (!writer) kind = "live";
  else kind = status.stored ? "stored" : "storing";

  const [announcement, setAnnouncement] = useState("");
  const wasOnline = useRef<boolean | null>(null);
  useEffect(() => {
    const online = status.connection == "online";
    if (status.connection == "connecting" || status.closed) return;
    if (wasOnline.current != null && wasOnline.current != online)
      setAnnouncement(online ? "Connexion rétablie : vos modifications sont envoyées." : "Vous êtes hors ligne : vos modifications sont conservées sur cet appareil.");
    wasOnline.current = online;
  }, [status.connection, status.closed]);

  return (
    <div class={`save-status save-status-${kind}`}>
      <span class="save-status-dot" aria-hidden="true" />
      <span class="save-status-text">{SAVE_TEXTS[kind]}</span>
      <span class="visually-hidden" role="status">
        {announcement}
      </span>
    </div>
  );
}
