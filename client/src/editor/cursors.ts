import type { DecorationAttrs } from "prosemirror-view";

/** What the cursor plugin reads in a remote participant's presence. */
interface CursorUser {
  name?: string;
  color?: string;
  colorLight?: string;
}

/**
 * Another participant's cursor: a thin bar in their colour with their name
 * above it. Hidden from assistive technologies: the presence list says who
 * is there, and names inside the text would be read as text.
 */
export function remoteCursor(user: CursorUser): HTMLElement {
  const cursor = document.createElement("span");
  cursor.className = "remote-cursor";
  cursor.setAttribute("aria-hidden", "true");
  const color = safeColor(user.color, DEFAULT);
  cursor.style.borderColor = color;
  const label = document.createElement("span");
  label.className = "remote-cursor-label";
  label.style.backgroundColor = color;
  label.textContent = user.name ?? "Participant";
  // Word joiners keep the cursor from being a line-break opportunity.
  cursor.append("\u2060", label, "\u2060");
  return cursor;
}

/** Another participant's selection, in their light colour. */
export function remoteSelection(user: CursorUser): DecorationAttrs {
  return { class: "remote-selection", style: `background-color: ${safeColor(user.colorLight, safeColor(user.color, DEFAULT) + "33")}` };
}

const DEFAULT = "#3a3a3a";

// Presence comes from other clients: only plain colours reach a style attribute.
function safeColor(value: unknown, fallback: string): string {
  return typeof value == "string" && /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(value) ? value : fallback;
}
