import { createHash } from "node:crypto";
import type { Mark, Node as PMNode } from "prosemirror-model";

/**
 * The canonical form of a charter, from which its content hash is computed:
 *
 * - a node is a JSON object with exactly the keys `attrs` (every attribute
 *   of its type, defaults and nulls included), `content` (its children, in
 *   order), `marks` and `type`; a text node has `marks`, `text` and `type`;
 * - marks are objects with `attrs` and `type`, sorted by type name;
 * - adjacent text with the same marks is one text node (ProseMirror joins
 *   them), and text is in Unicode NFC;
 * - object keys are sorted by code point, there is no whitespace, and strings
 *   are escaped as `JSON.stringify` does;
 * - the hash is the lowercase hex SHA-256 of the UTF-8 bytes of that text.
 *
 * So the same content always gives the same hash, whatever the key order of
 * some JSON or the Yjs history behind it, and any change of text, structure,
 * commitment or attribute gives another.
 */
export function canonicalJSON(node: PMNode): string {
  return stringify(canonicalNode(node));
}

/** The content hash of a charter: SHA-256 of its canonical form. */
export function contentHash(node: PMNode): string {
  return createHash("sha256").update(canonicalJSON(node), "utf8").digest("hex");
}

function canonicalNode(node: PMNode): unknown {
  const marks = [...node.marks].sort((a, b) => (a.type.name < b.type.name ? -1 : a.type.name > b.type.name ? 1 : 0)).map(canonicalMark);
  if (node.isText) return { marks, text: node.text!.normalize("NFC"), type: "text" };
  const content: unknown[] = [];
  node.forEach((child) => content.push(canonicalNode(child)));
  return { attrs: { ...node.attrs }, content, marks, type: node.type.name };
}

function canonicalMark(mark: Mark): unknown {
  return { attrs: { ...mark.attrs }, type: mark.type.name };
}

/** JSON with keys sorted at every level. */
function stringify(value: unknown): string {
  if (value === null || typeof value != "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stringify).join(",")}]`;
  const entries = Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${stringify((value as Record<string, unknown>)[k] === undefined ? null : (value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}
