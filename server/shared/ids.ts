/**
 * Random ids for clauses and commitments: short, URL-safe, and unique enough
 * that two clients creating clauses at once will (almost) never collide; the
 * collab layer repairs the rare collision.
 */
export function newNodeId(prefix: "cl" | "en"): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += ALPHABET[b & 63];
  return `${prefix}-${out}`;
}

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
