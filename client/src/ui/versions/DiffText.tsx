import type { Author, DiffPart } from "../../types.js";

/** « Claire Martin (Préfecture de Maine-et-Loire — DDETS) », several joined with commas. */
export function authorNames(authors: readonly Author[] | undefined): string {
  return (authors ?? []).map((a) => (a.organisation ? `${a.name} (${a.organisation})` : a.name)).join(", ");
}

/**
 * Text compared word by word: inserted words in `<ins>`, deleted ones in
 * `<del>`, each saying who made the change (as a tooltip, and in the
 * clause's caption). Insertions and deletions differ by more than colour
 * (underlined, struck through) and are named for screen readers (CSS).
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
        return (
          <del key={i} title={who ? `Supprimé par ${who}` : "Supprimé"} data-authors={who || undefined}>
            {part.value}
          </del>
        );
      })}
    </>
  );
}
