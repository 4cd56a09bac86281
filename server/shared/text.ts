/**
 * What a line of text typed by a person may hold. Shared by the server's
 * input schemas and the client's forms: no node:*, express or DOM here.
 *
 * Refused everywhere: NUL and the other C0 and C1 controls (tab and line
 * breaks only where a field is multi-line), DEL, lone UTF-16 surrogates (they
 * cannot be stored as UTF-8: PostgreSQL refuses them), and the bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
 * make a name or title display differently from what it is.
 */

// Controls except tab, line feed and carriage return, which multi-line fields allow.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const LINE_CONTROLS = /[\t\n\r]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
// Written without the `u` flag so that it sees UTF-16 code units.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// What takes no room on screen: spaces, zero-width and other format characters, combining marks (counted with their letter).
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{M}]/gu;

/** Why `value` may not be stored as typed text (a French sentence), or null if it may. */
export function textProblem(value: string, options: { multiline?: boolean } = {}): string | null {
  if (LONE_SURROGATE.test(value)) return "Le texte contient un caractère invalide (demi-caractère Unicode isolé).";
  if (CONTROLS.test(value)) return "Le texte contient un caractère de contrôle invisible (par exemple NUL) : retirez-le.";
  if (!options.multiline && LINE_CONTROLS.test(value)) return "Ce champ tient sur une ligne : retirez les tabulations et retours à la ligne.";
  if (BIDI.test(value)) return "Le texte contient un caractère invisible qui inverse le sens d'affichage (U+202A–U+202E, U+2066–U+2069) : retirez-le.";
  return null;
}

/** How many characters of `value` can be seen: spaces, zero-width characters and combining marks do not count. */
export function visibleLength(value: string): number {
  let count = 0;
  for (const _ of value.replace(INVISIBLE, "")) count++;
  return count;
}
