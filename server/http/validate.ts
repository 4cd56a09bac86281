import type { z } from "zod";
import { invalidField } from "./errors.js";

/**
 * Validates a request body against a route's schema; the first problem
 * becomes a 400 naming the field, with the schema's French message.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join(".") || "body";
  const message = issue.message.startsWith("Invalid") || issue.message.startsWith("Too") || issue.message.startsWith("Unrecognized")
    ? `Champ « ${field} » invalide.`
    : issue.message;
  throw invalidField(field, message);
}
