import { Fragment, Slice, type Node as PMNode } from "prosemirror-model";
import { charterSchema as schema } from "../shared/schema.js";
import { newNodeId } from "../shared/ids.js";
import type { Departement } from "../shared/departements.js";
import type { PartnerKind } from "../shared/partners.js";
import type { ParsedTemplate } from "./parse.js";
import { fillKnownValues, shiftDueDate, type KnownValues } from "./fill.js";

/** What a new charter made from a template needs to know. */
export interface InstantiateOptions {
  /** The charter's département: its name fills the template's département placeholders. */
  departement: Departement;
  /** The charter's first year; the template's own (`startyear:`) if not given. */
  startYear?: number;
  /** The charter's title, if not the template's. */
  title?: string;
  /** The charter's duration in years, if not the template's. */
  durationYears?: number;
  /** The signatory organisation that takes the commitments of each partner kind. */
  organisationForKind: (kind: PartnerKind) => string | null;
}

/**
 * Makes a new charter document from a template: fresh clause and commitment
 * ids, the placeholders whose value is known filled in (département, years,
 * duration: `fill.ts`), échéances moved to the charter's years, and each
 * commitment given to the chosen signatory of its kind (or left to assign,
 * with `party` null).
 */
export function instantiateTemplate(template: ParsedTemplate, options: InstantiateOptions): { doc: PMNode; unassigned: number } {
  const startYear = options.startYear ?? template.startYear ?? new Date().getUTCFullYear();
  const known: KnownValues = { departement: options.departement, startYear, durationYears: options.durationYears ?? template.durationYears };
  let unassigned = 0;
  const copyText = (node: PMNode) => {
    const text = fillKnownValues(node.text!, known);
    return text == node.text ? node : schema.text(text, node.marks);
  };
  const copy = (node: PMNode): PMNode => {
    if (node.isText) return copyText(node);
    let attrs = node.attrs;
    if (node.type.name == "clause") attrs = { ...attrs, id: newNodeId("cl") };
    if (node.type.name == "commitment") {
      const party = options.organisationForKind(node.attrs.party as PartnerKind);
      if (!party) unassigned++;
      const due = node.attrs.due && template.startYear ? shiftDueDate(node.attrs.due, template.startYear, startYear) : node.attrs.due;
      attrs = { ...attrs, id: newNodeId("en"), party, due };
    }
    const children: PMNode[] = [];
    node.forEach((child) => children.push(copy(child)));
    return node.type.create(attrs, children, node.marks);
  };
  let doc = copy(template.doc);
  if (options.title) doc = doc.replace(0, doc.firstChild!.nodeSize, new Slice(Fragment.from(schema.node("title", null, [schema.text(options.title)])), 0, 0));
  doc.check();
  return { doc, unassigned };
}
