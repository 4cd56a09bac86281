import * as Y from "yjs";
import { fromBase64, toBase64 } from "lib0/buffer";

/*
 * A comment's passage, as the browser and the server exchange it: two Yjs
 * relative positions, encoded in base64. A relative position names a
 * character of the shared document rather than an offset, so the passage
 * follows its words when text is typed or removed around it.
 */

/** Where a passage comment starts and ends in the charter's Y.Doc. */
export interface CommentAnchor {
  from: string;
  to: string;
}

/** Longest encoded position accepted: a real one takes a few dozen characters. */
export const MAX_ANCHOR_POSITION_LENGTH = 256;

/** Longest quote kept of the commented passage (the rest is cut, with « … »). */
export const MAX_QUOTE_LENGTH = 300;

/** A relative position, as a comment stores it. */
export function encodeAnchorPosition(position: Y.RelativePosition): string {
  return toBase64(Y.encodeRelativePosition(position));
}

/** The relative position a comment stores, or null when it is not one (bad base64, truncated, too long). */
export function decodeAnchorPosition(encoded: string): Y.RelativePosition | null {
  if (encoded.length == 0 || encoded.length > MAX_ANCHOR_POSITION_LENGTH || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 != 0) return null;
  try {
    const position = Y.decodeRelativePosition(fromBase64(encoded));
    // Decoding reads what it can: an encoding must say the same once read back.
    return encodeAnchorPosition(position) == encoded ? position : null;
  } catch {
    return null;
  }
}

/** The quote kept of a passage: its text on one line, cut to `MAX_QUOTE_LENGTH`. */
export function passageQuote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_QUOTE_LENGTH ? flat.slice(0, MAX_QUOTE_LENGTH - 1).trimEnd() + "…" : flat;
}
