import { charterSchema as schema } from "../../server/shared/schema.js";
import type { Node as PMNode } from "prosemirror-model";

// Tiny builders for charter documents in tests.

export const text = (s: string) => schema.text(s);
export const p = (s = "texte") => schema.node("paragraph", null, s ? [text(s)] : []);
export const commitment = (id: string, party: string | null, s = "s'engage à agir", attrs: { due?: string; indicator?: string } = {}) =>
  schema.node("commitment", { id, party, due: attrs.due ?? null, indicator: attrs.indicator ?? null }, [text(s)]);
export const clause = (id: string, heading: string, ...body: PMNode[]) =>
  schema.node("clause", { id }, [schema.node("clause_heading", null, [text(heading)]), ...body]);
export const section = (heading: string, ...body: PMNode[]) =>
  schema.node("section", null, [schema.node("section_heading", null, [text(heading)]), ...body]);
export const charter = (...sections: PMNode[]) =>
  schema.node("doc", null, [schema.node("title", null, [text("Charte")]), schema.node("preamble", null, [p("Vu la loi")]), ...sections]);
