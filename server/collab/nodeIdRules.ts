import type { Node as PMNode } from "prosemirror-model";
import { InvalidDocumentError } from "../shared/validate.js";

/**
 * Clause and commitment ids must be present and unique in the document: the
 * differences pair clauses by id, and comments are anchored to them. A live
 * update may not make a missing or shared id; a draft stored before this rule
 * (which the editor repairs as soon as it opens it) stays editable meanwhile.
 */
export function checkNodeIds(after: PMNode, before: () => PMNode | null): void {
  const found = idProblems(after);
  if (!found.missing && !found.shared.size) return;
  const earlier = before();
  const old = earlier ? idProblems(earlier) : { missing: 0, shared: new Map<string, number>() };
  if (found.missing > old.missing) throw new InvalidDocumentError(`A ${found.missingType} has no id`);
  for (const [id, count] of found.shared) if (count > (old.shared.get(id) ?? 1)) throw new InvalidDocumentError(`Duplicate ${found.sharedType.get(id)} id ${id}`);
}

interface IdProblems {
  missing: number;
  missingType?: string;
  /** Ids used more than once, with how many times. */
  shared: Map<string, number>;
  sharedType: Map<string, string>;
}

function idProblems(doc: PMNode): IdProblems {
  const count = new Map<string, number>();
  const type = new Map<string, string>();
  const out: IdProblems = { missing: 0, shared: new Map(), sharedType: type };
  doc.descendants((node) => {
    const name = node.type.name;
    if (name != "clause" && name != "commitment") return name == "section";
    const id = node.attrs.id;
    if (typeof id != "string" || !id) {
      out.missing++;
      out.missingType ??= name;
    } else {
      count.set(id, (count.get(id) ?? 0) + 1);
      type.set(id, name);
    }
    return name == "clause";
  });
  for (const [id, n] of count) if (n > 1) out.shared.set(id, n);
  return out;
}
