import type { NumberedEntry } from "../../../server/shared/numbering.js";
import { anchorId, numberLabel } from "../editor/index.js";
import { markJumped, useReadingPosition } from "./readingPosition.js";
import "./keyboard.css";

/** Moves the view and the keyboard focus to a numbered heading of the document. */
export function jumpTo(id: string): boolean {
  const target = document.getElementById(id);
  if (!target) return false;
  // Lands below the sticky toolbar: the headings' scroll-margin-top (keyboard.css).
  target.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
  history.replaceState(history.state, "", "#" + id);
  markJumped(id);
  return true;
}

/**
 * The charter's table of contents: titles and their articles, linking to
 * them; the entry where the reader is has `aria-current="location"`.
 * `hideTitle` when a tab already says « Sommaire »; `anchorPrefix` when the
 * text it lists numbers its headings with one (see `anchorId`).
 */
export function Outline(props: { entries: NumberedEntry[]; hideTitle?: boolean; anchorPrefix?: string }) {
  const current = useReadingPosition(props.entries.map((entry) => anchorId(entry, props.anchorPrefix)));
  const sections: { entry: NumberedEntry; clauses: NumberedEntry[] }[] = [];
  for (const entry of props.entries) {
    if (entry.kind == "section") sections.push({ entry, clauses: [] });
    else sections[sections.length - 1]?.clauses.push(entry);
  }

  function link(entry: NumberedEntry, short: boolean) {
    const id = anchorId(entry, props.anchorPrefix);
    return (
      <a
        href={"#" + id}
        aria-current={id == current ? "location" : undefined}
        onClick={(event) => {
          if (jumpTo(id)) event.preventDefault();
        }}
      >
        <span class="outline-number">{short ? "Art. " + entry.number : numberLabel(entry)}</span>
        <span class="visually-hidden"> : </span>
        <span class="outline-heading">{entry.heading || "(sans titre)"}</span>
      </a>
    );
  }

  return (
    <nav class="outline" aria-labelledby="outline-title">
      <h2 id="outline-title" class={props.hideTitle ? "visually-hidden" : "outline-title"}>
        Sommaire
      </h2>
      <ol class="outline-sections">
        {sections.map(({ entry, clauses }) => (
          <li key={entry.pos}>
            {link(entry, false)}
            {clauses.length > 0 && (
              <ol class="outline-clauses">
                {clauses.map((clause) => (
                  <li key={clause.id ?? clause.pos}>{link(clause, true)}</li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
