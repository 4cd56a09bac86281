import { z } from "zod";
import { textProblem, visibleLength } from "../shared/text.js";

/**
 * The zod schemas of every string a route accepts, so that each refuses
 * invisible and control characters the same way (see `shared/text.ts`) and
 * counts its minimum length in visible characters: a title of three spaces or
 * of zero-width characters is too short.
 */

export interface TextOptions {
  /** Message when the field is missing (or, with `min`, too short). */
  required: string;
  /** Fewest visible characters (default 1). */
  min?: number;
  /** Message when shorter than `min` (default `required`). */
  minMessage?: string;
  /** Most UTF-16 code units, after trimming. */
  max: number;
  maxMessage?: string;
  /** Tab and line breaks allowed (a comment body). */
  multiline?: boolean;
}

/** Typed text: trimmed, free of invisible and control characters, at least `min` visible characters. */
export function text(options: TextOptions) {
  const min = options.min ?? 1;
  return z.string({ error: options.required }).trim().superRefine((value, ctx) => {
    const problem = textProblem(value, { multiline: options.multiline });
    if (problem) ctx.addIssue({ code: "custom", message: problem });
    else if (visibleLength(value) < min) ctx.addIssue({ code: "custom", message: options.minMessage ?? options.required });
    else if (value.length > options.max) ctx.addIssue({ code: "custom", message: options.maxMessage ?? `Texte trop long (${options.max} caractères au plus).` });
  });
}

/** Optional typed text: follows `text`'s rules but `min`; nothing visible (zero-width characters, say) reads as empty. */
export function optionalText(options: Omit<TextOptions, "required" | "min" | "minMessage">) {
  return z.string().trim().superRefine((value, ctx) => {
    const problem = textProblem(value, { multiline: options.multiline });
    if (problem) ctx.addIssue({ code: "custom", message: problem });
    else if (value.length > options.max) ctx.addIssue({ code: "custom", message: options.maxMessage ?? `Texte trop long (${options.max} caractères au plus).` });
  }).transform((value) => (visibleLength(value) == 0 ? "" : value));
}

/** An identifier or code chosen from a list (a template, a version, an organisation): printable, one line. */
export function identifier(required: string, max = 100) {
  return z.string({ error: required }).min(1, required).max(max, "Identifiant trop long.").superRefine((value, ctx) => {
    if (textProblem(value) || value.trim() != value) ctx.addIssue({ code: "custom", message: "Identifiant invalide : il contient une espace, un caractère de contrôle ou invisible." });
  });
}
