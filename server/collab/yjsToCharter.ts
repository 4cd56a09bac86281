import * as Y from "yjs";
import type { Mark, Node as PMNode } from "prosemirror-model";
import { charterSchema as schema } from "../shared/schema.js";
import { InvalidDocumentError } from "../shared/validate.js";
import { checkMarkValue, checkNodeAttribute, markNameOf } from "./contentRules.js";

/**
 * Reads a charter out of its Y.XmlFragment, strictly: anything that is not
 * the charter schema (unknown node or mark, misplaced text, content that does
 * not match) throws `InvalidDocumentError`. Unlike y-prosemirror's own
 * conversion, it never repairs the Y.Doc, so it can judge an update.
 */
export function yFragmentToCharter(fragment: Y.XmlFragment): PMNode {
  if (ownEntries(fragment).length) throw new InvalidDocumentError("Attributes on the charter fragment");
  const doc = schema.topNodeType.create(null, childrenOf(fragment));
  checkNode(doc);
  return doc;
}

/** Converts one Y.XmlElement (and what it holds) to a node, checked. */
export function yElementToNode(element: Y.XmlElement): PMNode {
  const node = elementToNode(element);
  checkNode(node);
  return node;
}

function childrenOf(parent: Y.XmlFragment | Y.XmlElement): PMNode[] {
  const out: PMNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlElement) out.push(elementToNode(child));
    else if (child instanceof Y.XmlText) out.push(...textNodes(child));
    else throw new InvalidDocumentError("Unexpected Yjs type in the charter");
  }
  return out;
}

function elementToNode(element: Y.XmlElement): PMNode {
  const name = element.nodeName;
  const type = Object.hasOwn(schema.nodes, name) ? schema.nodes[name] : undefined;
  if (!type || type == schema.topNodeType || type.isText) throw new InvalidDocumentError(`Unknown node type ${name}`);
  const attrs: Record<string, unknown> = {};
  for (const [key, value] of ownEntries(element)) {
    checkNodeAttribute(name, key, value);
    attrs[key] = value;
  }
  return type.create(attrs, childrenOf(element));
}

/**
 * A type's map entries as Yjs holds them: `getAttributes()` builds a plain
 * object, on which a `__proto__` entry becomes the prototype instead of an
 * attribute, invisible here but read by y-prosemirror in the browser.
 */
function ownEntries(type: { _map: Map<string, Y.Item> }): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, item] of type._map) if (!item.deleted) out.push([key, item.content.getContent()[item.length - 1]]);
  return out;
}

/** The text nodes of a Y.XmlText, read item by item (formatting keys kept in a Map, for the same reason as `ownEntries`). */
function textNodes(text: Y.XmlText): PMNode[] {
  if (ownEntries(text).length) throw new InvalidDocumentError("Attributes on text");
  const out: PMNode[] = [];
  const formats = new Map<string, unknown>();
  for (let item = text._start; item; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (content.value == null) formats.delete(content.key);
      else formats.set(content.key, content.value);
    } else if (content instanceof Y.ContentString) {
      if (content.str) out.push(schema.text(content.str, marksOf(formats)));
    } else throw new InvalidDocumentError("Embedded object in text");
  }
  return out;
}

function marksOf(formats: Map<string, unknown>): readonly Mark[] {
  let set: readonly Mark[] = [];
  for (const [key, value] of formats) {
    const name = markNameOf(key);
    if (!name) throw new InvalidDocumentError(`Unknown mark ${key}`);
    checkMarkValue(name, value);
    set = schema.marks[name].create(value as Record<string, unknown>).addToSet(set);
  }
  return set;
}

/** Content and marks (attributes were checked raw, as they were read). */
function checkNode(node: PMNode): void {
  try {
    node.check();
  } catch (err) {
    throw new InvalidDocumentError((err as Error).message);
  }
}
