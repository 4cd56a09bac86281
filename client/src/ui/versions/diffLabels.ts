import type { BlockKind, Change, DiffMark } from "../../types.js";

// The words a difference uses for marks and paragraph layouts (kept apart from the components, to be tested alone).

/** « gras », « italique », « lien vers https://… ». */
export function markName(mark: DiffMark): string {
  if (mark.type == "strong") return "gras";
  if (mark.type == "em") return "italique";
  if (mark.type == "link") return `lien vers ${mark.href}`;
  return mark.type;
}

/** « gras ajouté, lien vers … retiré » — what a formatting change did. */
export function formatChange(marks: { from: DiffMark[]; to: DiffMark[] }): string {
  const key = (m: DiffMark) => JSON.stringify(m);
  const before = new Set(marks.from.map(key)), after = new Set(marks.to.map(key));
  const said = [
    ...marks.to.filter((m) => !before.has(key(m))).map((m) => `${markName(m)} ajouté`),
    ...marks.from.filter((m) => !after.has(key(m))).map((m) => `${markName(m)} retiré`),
  ];
  return said.join(", ") || "mise en forme modifiée";
}

/** « Paragraphe », « Élément de liste à puces (niveau 2) »… */
export function kindLabel(kind: BlockKind): string {
  if (kind.type == "paragraph") return "Paragraphe";
  const base = kind.type == "bullet" ? "Élément de liste à puces" : "Élément de liste numérotée";
  return kind.level > 1 ? `${base} (niveau ${kind.level})` : base;
}

/** What changed in a paragraph's layout, in words. */
export function layoutChange(kind: Change<BlockKind | null>): string | null {
  const { from, to } = kind;
  if (!from || !to) return null;
  if (kindLabel(from) != kindLabel(to)) return `${kindLabel(from)} devenu ${kindLabel(to).toLowerCase()}`;
  if (from.newList != to.newList) return to.newList ? "Commence une nouvelle liste" : "Rejoint la liste précédente";
  if (from.newItem != to.newItem) return to.newItem ? "Devient un élément de liste distinct" : "Rejoint l'élément de liste précédent";
  if (from.start != to.start) return `Numérotation à partir de ${to.start ?? 1}`;
  return "Disposition de la liste modifiée";
}

