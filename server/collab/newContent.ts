import * as Y from "yjs";
import { charterSchema as schema } from "../shared/schema.js";
import { InvalidDocumentError } from "../shared/validate.js";
import { checkMarkValue, checkNodeAttribute, checkText, markNameOf } from "./contentRules.js";

/**
 * Checks every item an update brings, once integrated into a trial copy of
 * the document, deleted ones included (the strict read of the result only
 * sees what is visible): it must live under the charter fragment (no other
 * root type, no entry on the fragment or on a text), be a node of the schema,
 * text or formatting in a text, or an attribute of an element; and its
 * characters and values must follow `contentRules`. Only new content is
 * judged, so that a draft stored before a rule existed can still be edited.
 *
 * `doc` is the document before the update, `copy` the trial copy after it.
 */
export function checkNewContent(doc: Y.Doc, copy: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>, fragment: Y.XmlFragment): void {
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip carry nothing
    const end = struct.id.clock + struct.length;
    let clock = Math.max(struct.id.clock, Y.getState(doc.store, struct.id.client));
    while (clock < end) {
      const item = Y.getItem(copy.store, Y.createID(struct.id.client, clock));
      if (item instanceof Y.Item) checkItem(item, fragment);
      clock = item.id.clock + item.length;
    }
  }
}

function checkItem(item: Y.Item, fragment: Y.XmlFragment): void {
  const parent = item.parent as Y.AbstractType<unknown>;
  let root = parent;
  while (root._item) root = root._item.parent as Y.AbstractType<unknown>;
  if (root !== fragment) throw new InvalidDocumentError("Content outside the charter (another root type)");
  const content = item.content;
  if (content instanceof Y.ContentDeleted) return;
  if (item.parentSub != null) {
    if (!(parent instanceof Y.XmlElement)) throw new InvalidDocumentError("Attributes are only allowed on nodes");
    if (!(content instanceof Y.ContentAny)) throw new InvalidDocumentError(`Attribute ${item.parentSub} must be a plain value`);
    for (const value of content.arr) checkNodeAttribute(parent.nodeName, item.parentSub, value);
    return;
  }
  if (parent instanceof Y.XmlText) {
    if (content instanceof Y.ContentString) return checkText(content.str);
    if (content instanceof Y.ContentFormat) {
      const name = markNameOf(content.key);
      if (!name) throw new InvalidDocumentError(`Unknown mark ${content.key}`);
      return checkMarkValue(name, content.value);
    }
    throw new InvalidDocumentError("Embedded object in text");
  }
  if (parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment) {
    if (content instanceof Y.ContentType) {
      const type = content.type;
      if (type instanceof Y.XmlText) return;
      if (type instanceof Y.XmlElement && Object.hasOwn(schema.nodes, type.nodeName) && !schema.nodes[type.nodeName].isText && type.nodeName != "doc") return;
    }
    throw new InvalidDocumentError("Only nodes of the charter schema and text may be inserted");
  }
  throw new InvalidDocumentError("Unexpected Yjs type in the charter");
}
