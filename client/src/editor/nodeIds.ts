import type { Node as PMNode } from "prosemirror-model";
import type { Mappable } from "prosemirror-transform";

/** The prefix of the ids of each kind of identified node (see `newNodeId`). */
export const ID_PREFIXES: Readonly<Record<string, "cl" | "en">> = { clause: "cl", commitment: "en" };

/** A node whose id must change: its position and its new id. */
export interface NodeIdChange {
  pos: number;
  id: string;
}

/** How `repairNodeIds` tells the node that keeps a duplicated id from its copies. */
export interface RepairNodeIdsOptions {
  /**
   * For a local transaction: the document before it and the transaction's
   * mapping. Of several nodes sharing an id, the one that was already there
   * (its old position maps onto it) keeps the id. Without it (remote or
   * concurrent changes, whose mapping says nothing), the first in document
   * order keeps it.
   */
  before?: { doc: PMNode; mapping: Mappable };
  /**
   * Makes a new random id (`newNodeId`). Without it, new ids are derived from
   * the duplicated id and the copy's rank, so that every client repairing the
   * same document computes the same ids and they converge.
   */
  newId?(prefix: "cl" | "en"): string;
}

interface Identified {
  pos: number;
  id: string | null;
  prefix: "cl" | "en";
}

/**
 * Finds the clauses and commitments whose id is missing or already used by
 * another node of the document, and chooses a new id for each: every id in
 * the result is unique. Returns the changes in document order (setting
 * attributes does not move positions, so they can be applied in any order).
 */
export function repairNodeIds(doc: PMNode, options: RepairNodeIdsOptions = {}): NodeIdChange[] {
  const nodes = identifiedNodes(doc);
  const byId = new Map<string, Identified[]>();
  for (const node of nodes) {
    if (node.id == null) continue;
    const list = byId.get(node.id);
    if (list) list.push(node);
    else byId.set(node.id, [node]);
  }
  if (byId.size == nodes.length) return [];

  const survivors = options.before ? survivingPositions(options.before.doc, options.before.mapping) : null;
  const used = new Set(byId.keys());
  const changes: NodeIdChange[] = [];
  const renew = (node: Identified, base: string, rank: number) => {
    let id: string;
    if (options.newId) {
      do id = options.newId(node.prefix);
      while (used.has(id));
    } else {
      // A derived id may already be taken (by an earlier repair of the same id): try the next one.
      let attempt = 0;
      do id = derivedId(node.prefix, base, rank, attempt++);
      while (used.has(id));
    }
    used.add(id);
    changes.push({ pos: node.pos, id });
  };

  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    const kept = list.find((node) => survivors?.get(node.pos) == id) ?? list[0];
    let rank = 0;
    for (const node of list) if (node != kept) renew(node, id, ++rank);
  }
  const missing = { cl: 0, en: 0 };
  for (const node of nodes) if (node.id == null) renew(node, "", missing[node.prefix]++);
  return changes.sort((a, b) => a.pos - b.pos);
}

/** Clauses and commitments in document order; an empty or non-string id counts as none. */
function identifiedNodes(doc: PMNode): Identified[] {
  const out: Identified[] = [];
  doc.descendants((node, pos) => {
    const prefix = ID_PREFIXES[node.type.name];
    if (prefix) {
      const id = node.attrs.id;
      out.push({ pos, id: typeof id == "string" && id ? id : null, prefix });
    }
    // Clauses live in sections, commitments in clauses: nothing else needs a visit.
    return node.type.name == "section" || node.type.name == "clause";
  });
  return out;
}

/** Where each identified node of the old document is now, with its id (nodes the transaction removed are left out). */
function survivingPositions(before: PMNode, mapping: Mappable): Map<number, string> {
  const out = new Map<number, string>();
  for (const node of identifiedNodes(before)) {
    if (node.id == null) continue;
    // assoc 1: content inserted right before a node pushes it along, so a
    // copy pasted just before the original is not taken for it.
    const result = mapping.mapResult(node.pos, 1);
    if (!result.deleted) out.set(result.pos, node.id);
  }
  return out;
}

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/**
 * The id given to the `rank`-th copy of `base` (or to the `rank`-th node
 * without id, with `base` empty): `cl-` or `en-` and 9 characters, like
 * `newNodeId`, from a hash of what it is derived from.
 */
export function derivedId(prefix: "cl" | "en", base: string, rank: number, attempt = 0): string {
  const [h1, h2] = hash64(`${prefix}|${base}|${rank}|${attempt}`);
  let out = "";
  for (let i = 0; i < 5; i++) out += ALPHABET[(h1 >>> (i * 6)) & 63];
  for (let i = 0; i < 4; i++) out += ALPHABET[(h2 >>> (i * 6)) & 63];
  return `${prefix}-${out}`;
}

/** Two 32-bit halves of a string hash (cyrb53's mixing); only needs to spread well, not to be secret. */
function hash64(s: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}
