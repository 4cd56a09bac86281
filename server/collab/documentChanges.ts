import * as Y from "yjs";
import type { Node as PMNode } from "prosemirror-model";
import { updateYFragment } from "y-prosemirror";
import { parseCharterDocument } from "../shared/validate.js";
import { DOCUMENT_FIELD } from "../domain/documents.js";

/**
 * A change the server makes to a draft on a user's behalf, said as what the
 * draft must become rather than as a Yjs update: made on the live draft by
 * whichever instance serves the charter. So a change sent again (a retry after
 * a lost answer) or two changes racing from two instances each leave the
 * draft as asked, where an update computed on another copy of the draft
 * would insert its content a second time.
 */
export type DocumentChange =
  /** The whole content becomes this charter document (ProseMirror JSON): restoring a version. */
  | { kind: "content"; document: unknown }
  /** The title becomes this text: renaming. */
  | { kind: "title"; title: string };

/** Longest title a change may set (the API refuses longer ones with a French message first). */
const MAX_TITLE_LENGTH = 300;

/** A change that cannot be made: malformed, or not a charter document. */
export class InvalidDocumentChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidDocumentChangeError";
  }
}

/**
 * Checks a change (as received from another instance: parsed JSON) and
 * returns what makes it on a document, in one transaction of the caller's.
 */
export function documentChangeMaker(change: unknown): (doc: Y.Doc) => void {
  if (typeof change != "object" || change == null) throw new InvalidDocumentChangeError("Not a change");
  const { kind } = change as { kind?: unknown };
  if (kind == "title") {
    const { title } = change as { title?: unknown };
    if (typeof title != "string" || title.length > MAX_TITLE_LENGTH) throw new InvalidDocumentChangeError("A title change needs a title of at most 300 characters");
    return (doc) => setDocumentTitle(doc, title);
  }
  if (kind == "content") {
    let target: PMNode;
    try {
      target = parseCharterDocument((change as { document?: unknown }).document);
    } catch (err) {
      throw new InvalidDocumentChangeError(`Not a charter document: ${(err as Error).message}`);
    }
    // y-prosemirror's own diffing: the smallest edit that makes the draft equal to the target (none if it already is).
    return (doc) => updateYFragment(doc, doc.getXmlFragment(DOCUMENT_FIELD), target, { mapping: new Map(), isOMark: new Map() });
  }
  throw new InvalidDocumentChangeError(`Unknown change kind ${JSON.stringify(kind)?.slice(0, 40)}`);
}

/** Replaces the text of a charter document's title node (the first child of its fragment, as y-prosemirror lays it out). */
export function setDocumentTitle(doc: Y.Doc, title: string): void {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const node = fragment.get(0);
  if (!(node instanceof Y.XmlElement) || node.nodeName != "title") throw new Error("The charter document does not start with its title");
  const text = node.get(0);
  if (text instanceof Y.XmlText) {
    if (text.toString() == title) return;
    text.delete(0, text.length);
    text.insert(0, title);
  } else node.insert(0, [new Y.XmlText(title)]);
}
