import type { PartnerKind } from "../shared/partners.js";
import type { ParsedTemplate } from "./parse.js";

/** Counts shown when choosing a template. */
export interface TemplateSummary {
  sections: number;
  clauses: number;
  commitments: number;
  partnerKinds: PartnerKind[];
}

/** Counts a template's sections, clauses, commitments and partner kinds. */
export function summarizeTemplate(template: ParsedTemplate): TemplateSummary {
  let sections = 0, clauses = 0, commitments = 0;
  const kinds = new Set<PartnerKind>();
  template.doc.descendants((node) => {
    if (node.type.name == "section") sections++;
    else if (node.type.name == "clause") clauses++;
    else if (node.type.name == "commitment") {
      commitments++;
      kinds.add(node.attrs.party);
    }
    return true;
  });
  return { sections, clauses, commitments, partnerKinds: [...kinds] };
}
