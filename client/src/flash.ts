/*
 * A message for the next page, such as « Charte créée », shown once after a
 * navigation (kept in memory: a reload does not show it again).
 */

let pending: string | null = null;

/** Leaves a message for the next page. */
export function setFlash(message: string): void {
  pending = message;
}

/** The message left for this page, if any; it is then forgotten. */
export function takeFlash(): string | null {
  const message = pending;
  pending = null;
  return message;
}
