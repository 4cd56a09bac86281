import * as Y from "yjs";
import type { Mark, Node as PMNode } from "prosemirror-model";
import { charterSchema as schema } from "../shared/schema.js";
import { InvalidDocumentError, isIsoDate } from "../shared/validate.js";

/**
 * Reads a charter out of its Y.XmlFragment, strictly: anything that is not
 * the charter schema (unknown node or mark, misplaced text, content that does
 * not match) throws `InvalidDocumentError`. Unlike y-prosemirror's own
 * conversion, it never repairs the Y.Doc, so it can judge an update.
 */
export function yFragmentToCharter(fragment: Y.XmlFragment): PMNode {
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
  const type = schema.nodes[element.nodeName];
  if (!type || type == schema.topNodeType || type.isText) throw new InvalidDocumentError(`Unknown node type ${element.nodeName}`);
  const attrs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(element.getAttributes())) {
    if (!(key in type.spec.attrs!)) throw new InvalidDocumentError(`Unknown attribute ${key} on ${element.nodeName}`);
    attrs[key] = value;
  }
  return type.create(attrs, childrenOf(element));
}

function textNodes(text: Y.XmlText): PMNode[] {
  const out: PMNode[] = [];
  for (const delta of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof delta.insert != "string") throw new InvalidDocumentError("Embedded object in text");
    const marks: Mark[] = [];
    for (const [key, value] of Object.entries(delta.attributes ?? {})) {
      const name = key.replace(/--[a-zA-Z0-9+/=]{8}$/, "");
      const markType = schema.marks[name];
      if (!markType) throw new InvalidDocumentError(`Unknown mark ${name}`);
      marks.push(markType.create(value && typeof value == "object" ? (value as Record<string, unknown>) : null));
    }
    if (delta.insert) out.push(schema.text(delta.insert, toMarkSet(marks)));
  }
  return out;
}

function toMarkSet(marks: Mark[]): readonly Mark[] {
  let set: readonly Mark[] = [];
  for (const mark of marks) set = mark.addToSet(set);
  return set;
}

/** Content, marks and the attribute rules the content expressions cannot say. */
function checkNode(node: PMNode): void {
  try {
    node.check();
  } catch (err) {
    throw new InvalidDocumentError((err as Error).message);
  }
  node.descendants((child) => {
    const name = child.type.name;
    if (name == "commitment") {
      const { id, party, due, indicator } = child.attrs;
      if (id != null && typeof id != "string") throw new InvalidDocumentError("Commitment id must be a string");
      if (party != null && typeof party != "string") throw new InvalidDocumentError("Commitment party must be a string");
      if (due != null && !isIsoDate(due)) throw new InvalidDocumentError("Commitment due date must be YYYY-MM-DD");
      if (indicator != null && typeof indicator != "string") throw new InvalidDocumentError("Commitment indicator must be a string");
    } else if (name == "clause") {
      if (child.attrs.id != null && typeof child.attrs.id != "string") throw new InvalidDocumentError("Clause id must be a string");
    } else if (name == "ordered_list") {
      if (!Number.isInteger(child.attrs.order)) throw new InvalidDocumentError("List order must be an integer");
    }
    for (const mark of child.marks) {
      if (mark.type.name == "link" && (typeof mark.attrs.href != "string" || !/^(https?:|mailto:)/i.test(mark.attrs.href)))
        throw new InvalidDocumentError("Links must be http, https or mailto");
    }
    return true;
  });
}
