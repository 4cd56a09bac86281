/*
 * Clipboard HTML from word processors (Word, LibreOffice) and web pages,
 * made into what the charter schema reads well. Headings become paragraphs
 * (they would otherwise be read as the charter's own title or headings, which
 * cannot sit in a paragraph, and end up run together in one); table cells
 * become one paragraph each (the schema has no tables, and the parser would
 * join a row's cells); Word's list paragraphs (`mso-list`) become real lists.
 * HTML copied from a charter editor is left alone: its structure is the
 * charter's own.
 */

const HEADINGS = "h1, h2, h3, h4, h5, h6";
/** Elements a table cell may hold that are paragraphs already. */
const BLOCKS = new Set(["P", "DIV", "UL", "OL", "BLOCKQUOTE", "PRE", "H1", "H2", "H3", "H4", "H5", "H6"]);

/** Pasted HTML, rewritten as above; `transformPastedHTML` for the editor. */
export function normalizePastedHTML(html: string): string {
  if (/data-pm-slice/.test(html)) return html;
  const doc = new DOMParser().parseFromString(html, "text/html");
  const body = doc.body;
  wordLists(doc, body);
  for (const table of [...body.querySelectorAll("table")].reverse()) flattenTable(doc, table);
  for (const heading of body.querySelectorAll(HEADINGS)) renameTo(doc, heading, "p");
  // Word spaces its paragraphs with empty ones (`<p><o:p>&nbsp;</o:p></p>`): the charter's style spaces them already.
  for (const p of body.querySelectorAll("p")) if (!p.textContent?.replace(/\s/g, "") && !p.querySelector("br, img")) p.remove();
  return body.innerHTML;
}

/** Replaces an element by one of another tag holding the same children. */
function renameTo(doc: Document, element: Element, tag: string): Element {
  const renamed = doc.createElement(tag);
  renamed.append(...element.childNodes);
  element.replaceWith(renamed);
  return renamed;
}

/** A table becomes, cell after cell, row after row, one paragraph per non-empty cell. */
function flattenTable(doc: Document, table: HTMLTableElement): void {
  const out: Node[] = [];
  for (const row of table.rows)
    for (const cell of row.cells) {
      if (!cell.textContent?.replace(/\s/g, "")) continue;
      const children = [...cell.childNodes];
      if (children.some((c) => c instanceof Element && BLOCKS.has(c.tagName))) {
        // Blocks stay blocks; loose text between them gets a paragraph of its own.
        let loose: HTMLParagraphElement | null = null;
        for (const child of children) {
          if (child instanceof Element && BLOCKS.has(child.tagName)) {
            loose = null;
            out.push(child);
          } else if (child.textContent?.trim()) {
            if (!loose) out.push((loose = doc.createElement("p")));
            loose.append(child);
          }
        }
      } else {
        const p = doc.createElement("p");
        p.append(...children);
        out.push(p);
      }
    }
  table.replaceWith(...out);
}

/** Word's list markers: numbers, letters or roman numerals followed by « . » or « ) ». */
const ORDERED_MARKER = /^\s*(\d+|[a-z]|[ivxlcdm]+)[.)]/i;

/**
 * Word writes a list as paragraphs with a `mso-list: l0 level1 lfo1` style,
 * each starting with its bullet or number in a `mso-list: Ignore` span. Runs
 * of such paragraphs become lists (nested by level), without the markers.
 */
function wordLists(doc: Document, body: HTMLElement): void {
  const items = [...body.querySelectorAll<HTMLElement>("p[style*='mso-list' i]")].filter((p) => !/mso-list:\s*ignore/i.test(p.getAttribute("style") ?? ""));
  let stack: { list: HTMLElement; level: number }[] = [];
  let previous: Element | null = null;
  let previousList: string | null = null;
  for (const p of items) {
    const style = p.getAttribute("style") ?? "";
    const level = Number(/level(\d+)/i.exec(style)?.[1] ?? 1);
    const listId = /mso-list:\s*(l\d+)/i.exec(style)?.[1] ?? null;
    const markers = [...p.querySelectorAll("[style*='mso-list' i]")].filter((m) => /mso-list:\s*ignore/i.test(m.getAttribute("style") ?? ""));
    const ordered = ORDERED_MARKER.test(markers[0]?.textContent ?? "");
    for (const marker of markers) marker.remove();
    // A new list starts unless this paragraph follows the last item of the same Word list directly.
    if (previous == null || previous.nextElementSibling != p || listId != previousList) stack = [];
    previousList = listId;
    while (stack.length && stack[stack.length - 1].level > level) stack.pop();
    let top = stack[stack.length - 1];
    if (!top || top.level < level) {
      const list = doc.createElement(ordered ? "ol" : "ul");
      if (top) {
        const parentItem = top.list.lastElementChild ?? top.list.appendChild(doc.createElement("li"));
        parentItem.append(list);
      } else p.before(list);
      top = { list, level };
      stack.push(top);
    }
    const item = doc.createElement("li");
    const paragraph = doc.createElement("p");
    paragraph.append(...p.childNodes);
    item.append(paragraph);
    top.list.append(item);
    // The paragraph stays in place (empty) until the next one is matched against it.
    previous?.remove();
    previous = p;
  }
  previous?.remove();
}
