import type { LocatedPlaceholder } from "../../../../server/shared/placeholders.js";
import "./placeholders.css";

/**
 * The « À compléter » panel: how many placeholders the text still holds and,
 * article by article, a button for each that selects it in the editor, so
 * that what is typed next replaces it. The list follows the text as people
 * type (the editor's `templatePlaceholders` plugin keeps it).
 */
export function PlaceholdersPanel(props: { placeholders: LocatedPlaceholder[]; onSelect(index: number, text: string): void }) {
  const { placeholders } = props;
  const n = placeholders.length;
  const groups: { where: string; items: { placeholder: LocatedPlaceholder; index: number }[] }[] = [];
  placeholders.forEach((placeholder, index) => {
    const last = groups[groups.length - 1];
    if (last?.where == placeholder.where) last.items.push({ placeholder, index });
    else groups.push({ where: placeholder.where, items: [{ placeholder, index }] });
  });
  return (
    <section class="placeholders-panel" aria-labelledby="placeholders-title">
      <h2 id="placeholders-title" class="visually-hidden">
        À compléter
      </h2>
      <p class="placeholders-count">
        {n == 0 ? "Aucun élément à compléter dans le texte." : `${n} élément${n > 1 ? "s" : ""} à compléter dans le texte.`}
      </p>
      {n > 0 && (
        <p class="placeholders-hint">
          Les éléments entre crochets sont <span class="template-placeholder">[surlignés]</span> dans le texte. Choisissez-en un pour le
          sélectionner dans le texte : ce que vous tapez alors le remplace.
        </p>
      )}
      {groups.map((group) => (
        <div class="placeholders-group" key={group.where + group.items[0].index}>
          <h3 class="placeholders-where">{group.where}</h3>
          <ul class="placeholders-list">
            {group.items.map(({ placeholder, index }) => (
              <li key={index}>
                <button type="button" class="placeholder-link" onClick={() => props.onSelect(index, placeholder.text)}>
                  {placeholder.before && <span class="placeholder-before">{placeholder.before} </span>}
                  <span class="placeholder-text">{placeholder.text}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
