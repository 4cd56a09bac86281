import * as Y from "yjs";
import { DOCUMENT_FIELD } from "../domain/documents.js";
import { charterSchema as schema } from "../shared/schema.js";
import { yFragmentToCharter } from "./yjsToCharter.js";
import { updateFacts, type UpdateFacts } from "./updateFacts.js";
import { isAllowedMarkValue, isAllowedText, markNameOf } from "./contentRules.js";
import { checkNewContent } from "./newContent.js";
import { checkNodeIds } from "./nodeIdRules.js";

/** An update Yjs cannot decode. */
export class MalformedUpdateError extends Error {
  constructor(message = "Malformed Yjs update") {
    super(message);
    this.name = "MalformedUpdateError";
  }
}

/**
 * An update that needs structs or deletions the server does not have. Yjs
 * would keep it pending, forever if they never come, and every later update
 * would then have to be judged together with it.
 */
export class PendingUpdateError extends MalformedUpdateError {
  constructor() {
    super("Update depends on changes the server does not have");
    this.name = "PendingUpdateError";
  }
}

/**
 * Judges whether applying `update` to `doc` keeps a valid charter, without
 * touching `doc`. Throws `InvalidDocumentError` if it would not, and
 * `MalformedUpdateError` if Yjs cannot decode it or could not integrate all
 * of it (`PendingUpdateError`); otherwise returns what the update brings, for
 * authorship. `doc` itself never holds pending data (see `dropPendingLeftovers`).
 *
 * Typing is by far the most common update: text (and bold/italic/link
 * formatting) inserted into or deleted from existing text, depending only on
 * what the document has. Those are recognised from the update's structure
 * alone, in time proportional to the update. Anything else (new or deleted
 * nodes, attributes) is applied to a copy of the document, whose new content
 * is checked item by item, and which is then read back against the schema.
 */
export function validateUpdate(doc: Y.Doc, update: Uint8Array): UpdateFacts {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw new MalformedUpdateError();
  }
  // Yjs decodes an empty delete range but throws on it half-way through
  // applying the update (re-encoding what it could not delete): refused first.
  for (const ranges of decoded.ds.clients.values())
    for (const range of ranges) if (!(range.len > 0)) throw new MalformedUpdateError("Empty delete range");
  const facts = updateFacts(doc, decoded);
  const hasPending = doc.store.pendingStructs != null || doc.store.pendingDs != null;
  if (!hasPending && isTextOnlyUpdate(doc, decoded)) return facts;
  const copy = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    try {
      Y.applyUpdate(copy, update);
    } catch {
      throw new MalformedUpdateError();
    }
    if (copy.store.pendingStructs != null || copy.store.pendingDs != null) throw new PendingUpdateError();
    const fragment = copy.getXmlFragment(DOCUMENT_FIELD);
    checkNewContent(doc, copy, decoded, fragment);
    checkNodeIds(yFragmentToCharter(fragment), () => {
      try {
        return yFragmentToCharter(doc.getXmlFragment(DOCUMENT_FIELD));
      } catch {
        return null;
      }
    });
  } finally {
    copy.destroy();
  }
  return facts;
}

/**
 * Whether an update only inserts or deletes text and formatting inside
 * existing text nodes, with allowed characters and values, and depends only on
 * what `doc` has: each client's structs carry on from the document's clock,
 * and every struct's neighbours are in the document or are earlier structs of
 * the same client in the update (so Yjs integrates all of it at once).
 */
export function isTextOnlyUpdate(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
  const store = doc.store;
  const byClient = new Map<number, Y.Item[]>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = byClient.get(struct.id.client) ?? [];
    list.push(struct);
    byClient.set(struct.id.client, list);
  }
  // The item of this update that holds `id` (ids point at any character of an item).
  const inUpdate = (id: Y.ID): Y.Item | undefined =>
    byClient.get(id.client)?.find((item) => item.id.clock <= id.clock && id.clock < item.id.clock + item.length);

  // The Y.XmlText an item sits in, found through its parent or its neighbours.
  const parentText = (item: Y.Item, depth = 0): Y.XmlText | null => {
    if (depth > 64) return null;
    const parent = item.parent as unknown;
    if (parent instanceof Y.ID) return typeAt(parent);
    if (parent != null) return null; // a root type: never text
    const neighbour = item.origin ?? item.rightOrigin;
    if (!neighbour) return null;
    const known = knownItem(neighbour);
    if (known) return known.parent instanceof Y.XmlText && known.parentSub == null ? known.parent : null;
    const sibling = inUpdate(neighbour);
    return sibling ? parentText(sibling, depth + 1) : null;
  };
  const knownItem = (id: Y.ID): Y.Item | null => {
    if (id.clock >= Y.getState(store, id.client)) return null;
    const struct = Y.getItem(store, id);
    return struct instanceof Y.Item ? struct : null;
  };
  const typeAt = (id: Y.ID): Y.XmlText | null => {
    const item = knownItem(id);
    return item && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlText ? item.content.type : null;
  };

  // Per client, the clock up to which the document and the structs read so far go.
  const next = new Map<number, number>();
  // Whether Yjs can place a struct next to `id` at once.
  const integrates = (id: Y.ID | null, struct: Y.Item) =>
    !id || id.clock < Y.getState(store, id.client) || (id.client == struct.id.client && id.clock < struct.id.clock);
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) return false; // a Skip is a gap; GC comes from no typing
    const client = struct.id.client;
    const end = struct.id.clock + struct.length;
    const from = next.get(client) ?? Y.getState(store, client);
    if (struct.id.clock > from) return false; // a gap: Yjs would hold the rest back
    next.set(client, Math.max(from, end));
    if (end <= Y.getState(store, client)) continue; // already known
    if (struct.parentSub != null) return false;
    if (!integrates(struct.origin, struct) || !integrates(struct.rightOrigin, struct)) return false;
    const content = struct.content;
    const text = parentText(struct);
    if (!text) return false;
    if (content instanceof Y.ContentDeleted) continue;
    if (content instanceof Y.ContentString) {
      if (!isAllowedText(content.str)) return false;
      continue;
    }
    if (content instanceof Y.ContentFormat) {
      const markName = markNameOf(content.key);
      if (!markName) return false;
      const holder = text.parent;
      if (!(holder instanceof Y.XmlElement) || !Object.hasOwn(schema.nodes, holder.nodeName)) return false;
      if (!schema.nodes[holder.nodeName].allowsMarkType(schema.marks[markName])) return false;
      if (!isAllowedMarkValue(markName, content.value)) return false;
      continue;
    }
    return false;
  }

  // Deletions: only of text or formatting already in the document.
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      let clock = range.clock;
      const end = range.clock + range.len;
      while (clock < end) {
        const item = knownItem(Y.createID(client, clock));
        if (!item) {
          const own = inUpdate(Y.createID(client, clock));
          if (!own) return false;
          clock = own.id.clock + own.length;
          continue;
        }
        if (!(item.content instanceof Y.ContentString || item.content instanceof Y.ContentFormat || item.content instanceof Y.ContentDeleted)) return false;
        if (!(item.parent instanceof Y.XmlText)) return false;
        clock = item.id.clock + item.length;
      }
    }
  }
  return true;
}
