import type { ComponentChildren } from "preact";
import type { Author, DiffMark, DiffPart } from "../../types.js";
import { formatChange } from "./diffLabels.js";
import "./diffParts.css";

/** « Claire Martin (Préfecture de Maine-et-Loire — DDETS) », several joined with commas. */
export function authorNames(authors: readonly Author[] | undefined): string {
  return (authors ?? []).map((a) => (a.organisation ? `${a.name} (${a.organisation})` : a.name)).join(", ");
}

/** Text shown with the marks it now has. */
function withMarks(marks: DiffMark[], children: ComponentChildren): ComponentChildren {
  return marks.reduce<ComponentChildren>((inner, m) => {
    if (m.type == "strong") return <strong>{inner}</strong>;
    if (m.type == "em") return <em>{inner}</em>;
    if (m.type == "link") return <span class="diff-link">{inner}</span>;
    return inner;
  }, children);
}

/**
 * Text compared word by word: inserted words in `<ins>`, deleted ones in
 * `<del>`, words whose formatting changed outlined and shown with their new
 * marks, each saying who made the change (as a tooltip, and in the
 * caption). Changes differ by more than colour (underlined, struck through,
 * outlined) and are named for screen readers.
 */
export function DiffText(props: { parts: DiffPart[] }) {
  return (
    <>
      {props.parts.map((part, i) => {
        if (part.type == "equal") return <span key={i}>{part.value}</span>;
        const who = authorNames(part.authors);
        if (part.type == "insert")
          return (
            <ins key={i} title={who ? `Ajouté par ${who}` : "Ajouté"} data-authors={who || undefined}>
              {part.value}
            </ins>
          );
        if (part.type == "format") {
          const what = formatChange(part.marks ?? { from: [], to: [] });
          return (
            <span key={i} class="diff-format" title={`Mise en forme : ${what}${who ? `, par ${who}` : ""}`} data-authors={who || undefined}>
              <span class="visually-hidden"> [mise en forme, {what} : </span>
              {withMarks(part.marks?.to ?? [], part.value)}
              <span class="visually-hidden">] </span>
            </span>
          );
        }
        return (
          <del key={i} title={who ? `Supprimé par ${who}` : "Supprimé"} data-authors={who || undefined}>
            {part.value}
          </del>
        );
      })}
    </>
  );
}
