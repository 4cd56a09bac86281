import { Fragment, Slice, type Node as PMNode } from "prosemirror-model";
import { charterSchema as schema } from "../shared/schema.js";
import { newNodeId } from "../shared/ids.js";
import type { PartnerKind } from "../shared/partners.js";
import type { ParsedTemplate } from "./parse.js";

/** What a new charter made from a template needs to know. */
export interface InstantiateOptions {
  /** The département's name, put in place of `{département}` in the title. */
  departementName: string;
  /** The charter's title, if not the template's. */
  title?: string;
  /** The signatory organisation that takes the commitments of each partner kind. */
  organisationForKind: (kind: PartnerKind) => string | null;
}

/**
 * Makes a new charter document from a template: fresh clause and commitment
 * ids, the title filled in, and each commitment given to the chosen signatory
 * of its kind (or left to assign, with `party` null).
 */
export function instantiateTemplate(template: ParsedTemplate, options: InstantiateOptions): { doc: PMNode; unassigned: number } {
  let unassigned = 0;
  const copy = (node: PMNode): PMNode => {
    if (node.isText) {
      return node.text!.includes("{département}") ? schema.text(node.text!.replaceAll("{département}", options.departementName), node.marks) : node;
    }
    let attrs = node.attrs;
    if (node.type.name == "clause") attrs = { ...attrs, id: newNodeId("cl") };
    if (node.type.name == "commitment") {
      const party = options.organisationForKind(node.attrs.party as PartnerKind);
      if (!party) unassigned++;
      attrs = { ...attrs, id: newNodeId("en"), party };
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
