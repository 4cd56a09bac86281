import { charterSchema as schema } from "../shared/schema.js";
import { InvalidDocumentError, isIsoDate } from "../shared/validate.js";
import { textProblem } from "../shared/text.js";
import { DOCUMENT_LIMITS } from "../config.js";

/**
 * The rules every piece of content a Yjs update brings must follow, whatever
 * the validation path: text characters, node attribute names and values,
 * formatting marks. Values are judged raw, as Yjs holds them, before any
 * conversion that could hide them (a `__proto__` key, say, never becomes an
 * own property of the object Yjs builds, but y-prosemirror reads it).
 */

const { maxNodeIdLength: MAX_NODE_ID_LENGTH, maxAttributeLength: MAX_ATTRIBUTE_LENGTH } = DOCUMENT_LIMITS;

const NODE_ID = /^[A-Za-z0-9_-]+$/;
const MARK_KEY = /^(strong|em|link)(--[a-zA-Z0-9+/=]{8})?$/;
const SAFE_LINK = /^(https?:|mailto:)/i;
// Names an object inherits, which `in` or a plain lookup would find on any attribute set.
const INHERITED_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), "prototype"]);

/** Throws unless `text` may be part of the charter: no control, bidi-override or lone surrogate characters. */
export function checkText(text: string): void {
  const problem = textProblem(text);
  if (problem) throw new InvalidDocumentError(`Forbidden character in the charter: ${problem}`);
}

/** Whether `text` may be part of the charter (see `checkText`). */
export const isAllowedText = (text: string): boolean => textProblem(text) == null;

/** Throws unless `key` is an attribute of node `nodeName` and `value` fits it. */
export function checkNodeAttribute(nodeName: string, key: string, value: unknown): void {
  const type = Object.hasOwn(schema.nodes, nodeName) ? schema.nodes[nodeName] : undefined;
  const attrs = type?.spec.attrs ?? {};
  if (INHERITED_NAMES.has(key) || !Object.hasOwn(attrs, key)) throw new InvalidDocumentError(`Unknown attribute ${key} on ${nodeName}`);
  if (value == null) return; // the default (ids are required by `checkCharterRules`, on the whole document)
  const where = `${nodeName}.${key}`;
  switch (where) {
    case "clause.id":
    case "commitment.id":
      if (typeof value != "string" || !value || value.length > MAX_NODE_ID_LENGTH || !NODE_ID.test(value))
        throw new InvalidDocumentError(`Invalid ${nodeName} id ${JSON.stringify(value)}`);
      return;
    case "commitment.due":
      if (!isIsoDate(value)) throw new InvalidDocumentError("Commitment due date must be YYYY-MM-DD");
      return;
    case "commitment.party":
    case "commitment.indicator":
      checkAttributeText(where, value);
      return;
    case "ordered_list.order":
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 1e6) throw new InvalidDocumentError("List order must be an integer");
      return;
    default:
      throw new InvalidDocumentError(`No rule for attribute ${where}`);
  }
}

/** The mark a Yjs formatting key stands for (y-prosemirror adds `--hash` to overlapping marks), or null if none. */
export function markNameOf(key: string): string | null {
  const match = MARK_KEY.exec(key);
  return match ? match[1] : null;
}

/** Throws unless `value` is what a formatting key of mark `name` may hold (null ends the formatting). */
export function checkMarkValue(name: string, value: unknown): void {
  if (value == null) return;
  if (typeof value != "object" || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype)
    throw new InvalidDocumentError(`Invalid value of mark ${name}`);
  const attrs = schema.marks[name].spec.attrs ?? {};
  for (const key of Object.keys(value)) if (INHERITED_NAMES.has(key) || !Object.hasOwn(attrs, key)) throw new InvalidDocumentError(`Unknown attribute ${key} on mark ${name}`);
  if (name != "link") return;
  const { href, title } = value as { href?: unknown; title?: unknown };
  if (typeof href != "string" || !SAFE_LINK.test(href)) throw new InvalidDocumentError("Links must be http, https or mailto");
  checkAttributeText("link.href", href);
  if (title != null) checkAttributeText("link.title", title);
}

/** Whether `value` may be held by a formatting key of mark `name`. */
export function isAllowedMarkValue(name: string, value: unknown): boolean {
  try {
    checkMarkValue(name, value);
    return true;
  } catch {
    return false;
  }
}

function checkAttributeText(where: string, value: unknown): void {
  if (typeof value != "string" || value.length > MAX_ATTRIBUTE_LENGTH) throw new InvalidDocumentError(`${where} must be a string`);
  checkText(value);
}
