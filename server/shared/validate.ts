import { Node as PMNode } from "prosemirror-model";
import { charterSchema } from "./schema.js";

/** Why a document does not fit the charter schema. */
export class InvalidDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidDocumentError";
  }
}

/**
 * Parses ProseMirror JSON into a charter document and checks it completely:
 * node and mark types, content expressions, and the charter's own rules
 * (every clause and commitment has an id, and ids are unique). Throws
 * `InvalidDocumentError` with a message saying what is wrong.
 */
export function parseCharterDocument(json: unknown): PMNode {
  let doc: PMNode;
  try {
    doc = PMNode.fromJSON(charterSchema, json as Parameters<typeof PMNode.fromJSON>[1]);
    doc.check();
  } catch (err) {
    throw new InvalidDocumentError((err as Error).message);
  }
  // A paragraph is valid ProseMirror, and not a charter.
  if (doc.type != charterSchema.topNodeType) throw new InvalidDocumentError(`A charter document is a ${charterSchema.topNodeType.name}, not a ${doc.type.name}`);
  checkCharterRules(doc);
  return doc;
}

/** Checks the rules the schema's content expressions cannot say. */
export function checkCharterRules(doc: PMNode): void {
  const seen = new Set<string>();
  doc.descendants((node) => {
    const type = node.type.name;
    if (type == "clause" || type == "commitment") {
      const id = node.attrs.id;
      if (typeof id != "string" || id.length == 0) throw new InvalidDocumentError(`A ${type} has no id`);
      if (seen.has(id)) throw new InvalidDocumentError(`Duplicate ${type} id ${id}`);
      seen.add(id);
      if (type == "commitment") {
        const { party, due, indicator } = node.attrs;
        if (party != null && typeof party != "string") throw new InvalidDocumentError(`Commitment ${id} has an invalid party`);
        if (due != null && !isIsoDate(due)) throw new InvalidDocumentError(`Commitment ${id} has an invalid due date ${JSON.stringify(due)}`);
        if (indicator != null && typeof indicator != "string") throw new InvalidDocumentError(`Commitment ${id} has an invalid indicator`);
      }
      return type == "clause";
    }
    return true;
  });
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value != "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(value + "T00:00:00Z");
  return !isNaN(date.getTime()) && date.toISOString().slice(0, 10) == value;
}
