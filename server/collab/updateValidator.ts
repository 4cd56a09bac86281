import * as Y from "yjs";
import { DOCUMENT_FIELD } from "../domain/documents.js";
import { charterSchema as schema } from "../shared/schema.js";
import { InvalidDocumentError } from "../shared/validate.js";
import { yFragmentToCharter } from "./yjsToCharter.js";
import { updateFacts, type UpdateFacts } from "./updateFacts.js";

/** An update Yjs cannot decode. */
export class MalformedUpdateError extends Error {
  constructor() {
    super("Malformed Yjs update");
    this.name = "MalformedUpdateError";
  }
}

const MARK_KEY = /^(strong|em|link)(--[a-zA-Z0-9+/=]{8})?$/;

/**
 * Judges whether applying `update` to `doc` keeps a valid charter, without
 * touching `doc`. Throws `InvalidDocumentError` if it would not; otherwise
 * returns what the update brings, for authorship.
 *
 * Typing is by far the most common update: text (and bold/italic/link
 * formatting) inserted into or deleted from existing text. Those are
 * recognised from the update's structure alone, in time proportional to the
 * update. Anything else (new or deleted nodes, attributes) is applied to a
 * copy of the document, which is then read back against the schema.
 */
export function validateUpdate(doc: Y.Doc, update: Uint8Array): UpdateFacts {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw new MalformedUpdateError();
  }
  const facts = updateFacts(doc, decoded);
  // With structs waiting for their dependencies, an update may integrate them
  // too: only the full check sees what that gives.
  const hasPending = doc.store.pendingStructs != null || doc.store.pendingDs != null;
  if (!hasPending && isTextOnlyUpdate(doc, decoded)) return facts;
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  try {
    Y.applyUpdate(copy, update);
  } catch {
    copy.destroy();
    throw new MalformedUpdateError();
  }
  try {
    yFragmentToCharter(copy.getXmlFragment(DOCUMENT_FIELD));
  } finally {
    copy.destroy();
  }
  return facts;
}

/** Whether an update only inserts or deletes text and formatting inside existing text nodes. */
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
    if (known) return known.parent instanceof Y.XmlText ? known.parent : null;
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

  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip carry no content
    if (struct.id.clock + struct.length <= Y.getState(store, struct.id.client)) continue; // already known
    if (struct.parentSub != null) return false;
    const content = struct.content;
    const text = parentText(struct);
    if (!text) return false;
    if (content instanceof Y.ContentString || content instanceof Y.ContentDeleted) continue;
    if (content instanceof Y.ContentFormat) {
      if (!MARK_KEY.test(content.key)) return false;
      const holder = text.parent;
      if (!(holder instanceof Y.XmlElement)) return false;
      const markName = content.key.replace(/--.*$/, "");
      if (!schema.nodes[holder.nodeName]?.allowsMarkType(schema.marks[markName])) return false;
      if (markName == "link" && content.value != null && !isSafeLink(content.value)) return false;
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

function isSafeLink(value: unknown): boolean {
  const href = (value as { href?: unknown })?.href;
  return typeof href == "string" && /^(https?:|mailto:)/i.test(href);
}
