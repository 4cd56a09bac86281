import { textProblem } from "./text.js";

/**
 * The charter's text follows the rules of a line of typed text (`text.ts`):
 * no controls (tabs and line breaks included: ProseMirror text never holds
 * them, paragraphs and line breaks are nodes), no lone surrogates, no bidi
 * embeddings, overrides or isolates. The server refuses updates that bring
 * them; the editor filters them out of what is typed, pasted or dropped.
 */

/** Whether `text` may be part of a charter's text. */
export function isCharterText(text: string): boolean {
  return textProblem(text) == null;
}

/** `text` without the characters a charter may not hold: tabs and line breaks become spaces, the others go. */
export function withoutForbiddenCharacters(text: string): string {
  if (isCharterText(text)) return text;
  let out = "";
  // Code point by code point: a surrogate pair stays, a lone half goes.
  for (const char of text) {
    if (isCharterText(char)) out += char;
    else if (/[\t\n\r\v\f]/.test(char)) out += " ";
  }
  return out;
}
