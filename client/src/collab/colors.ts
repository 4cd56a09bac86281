/**
 * A person's colour in the editor (cursor, selection, presence list),
 * stable for a user id across sessions and devices. Dark enough for white
 * text on it (contrast ≥ 4.5:1), and told apart by name anyway.
 */
export function userColor(userId: string): { color: string; colorLight: string } {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (Math.imul(hash, 31) + userId.charCodeAt(i)) | 0;
  const color = PALETTE[Math.abs(hash) % PALETTE.length];
  // y-prosemirror only takes six-digit colours; the light one adds transparency for selections.
  return { color, colorLight: color + "33" };
}

const PALETTE = ["#b3261e", "#1d5fb4", "#1b6e35", "#7b1fa2", "#ad1457", "#00695c", "#a14a00", "#4e342e", "#303f9f", "#5d6b00"];
