import { Schema, type NodeSpec, type MarkSpec, type Node as PMNode } from "prosemirror-model";

/**
 * The charter schema, used by the server (validation, templates, export) and
 * by the browser editor alike.
 *
 * A charter is a title, a preamble and sections; a section has a heading, an
 * optional introduction and clauses (articles); a clause has a heading, text
 * and commitments. Clause and commitment ids are stable and unique. Section
 * and article numbers are never stored: see `numbering.ts`.
 */

const blockContent = "(paragraph | bullet_list | ordered_list)";

const nodes: Record<string, NodeSpec> = {
  doc: { content: "title preamble section+" },

  title: {
    content: "text*",
    marks: "",
    defining: true,
    parseDOM: [{ tag: "h1" }],
    toDOM: () => ["h1", { class: "charter-title" }, 0],
  },

  preamble: {
    content: `${blockContent}+`,
    defining: true,
    parseDOM: [{ tag: "div.preamble" }],
    toDOM: () => ["div", { class: "preamble" }, 0],
  },

  section: {
    content: `section_heading ${blockContent}* clause*`,
    defining: true,
    isolating: true,
    parseDOM: [{ tag: "section" }],
    toDOM: () => ["section", { class: "section" }, 0],
  },

  section_heading: {
    content: "text*",
    marks: "",
    defining: true,
    parseDOM: [{ tag: "h2" }],
    toDOM: () => ["h2", { class: "section-heading" }, 0],
  },

  clause: {
    attrs: { id: { default: null } },
    content: `clause_heading (${blockContent} | commitment)*`,
    defining: true,
    isolating: true,
    parseDOM: [{ tag: "article", getAttrs: (dom) => ({ id: (dom as HTMLElement).getAttribute("data-clause-id") }) }],
    toDOM: (node) => ["article", { class: "clause", "data-clause-id": node.attrs.id }, 0],
  },

  clause_heading: {
    content: "text*",
    marks: "",
    defining: true,
    parseDOM: [{ tag: "h3" }],
    toDOM: () => ["h3", { class: "clause-heading" }, 0],
  },

  commitment: {
    attrs: {
      id: { default: null },
      party: { default: null },
      due: { default: null },
      indicator: { default: null },
    },
    content: "inline*",
    defining: true,
    parseDOM: [{
      tag: "div.commitment",
      getAttrs: (dom) => {
        const el = dom as HTMLElement;
        return {
          id: el.getAttribute("data-commitment-id"),
          party: el.getAttribute("data-party"),
          due: el.getAttribute("data-due"),
          indicator: el.getAttribute("data-indicator"),
        };
      },
    }],
    toDOM: (node) => {
      const attrs: Record<string, string> = { class: "commitment", "data-commitment-id": node.attrs.id ?? "" };
      if (node.attrs.party) attrs["data-party"] = node.attrs.party;
      if (node.attrs.due) attrs["data-due"] = node.attrs.due;
      if (node.attrs.indicator) attrs["data-indicator"] = node.attrs.indicator;
      return ["div", attrs, 0];
    },
  },

  paragraph: {
    content: "inline*",
    parseDOM: [{ tag: "p" }],
    toDOM: () => ["p", 0],
  },

  bullet_list: {
    content: "list_item+",
    parseDOM: [{ tag: "ul" }],
    toDOM: () => ["ul", 0],
  },

  ordered_list: {
    attrs: { order: { default: 1 } },
    content: "list_item+",
    parseDOM: [{ tag: "ol", getAttrs: (dom) => ({ order: Number((dom as HTMLElement).getAttribute("start") ?? 1) }) }],
    toDOM: (node) => (node.attrs.order == 1 ? ["ol", 0] : ["ol", { start: node.attrs.order }, 0]),
  },

  list_item: {
    content: "paragraph (paragraph | bullet_list | ordered_list)*",
    defining: true,
    parseDOM: [{ tag: "li" }],
    toDOM: () => ["li", 0],
  },

  text: { group: "inline" },

  hard_break: {
    inline: true,
    group: "inline",
    selectable: false,
    parseDOM: [{ tag: "br" }],
    toDOM: () => ["br"],
  },
};

const marks: Record<string, MarkSpec> = {
  strong: {
    parseDOM: [{ tag: "strong" }, { tag: "b" }],
    toDOM: () => ["strong", 0],
  },
  em: {
    parseDOM: [{ tag: "em" }, { tag: "i" }],
    toDOM: () => ["em", 0],
  },
  link: {
    attrs: { href: {}, title: { default: null } },
    inclusive: false,
    parseDOM: [{
      tag: "a[href]",
      getAttrs: (dom) => ({ href: (dom as HTMLElement).getAttribute("href"), title: (dom as HTMLElement).getAttribute("title") }),
    }],
    toDOM: (mark) => ["a", { href: mark.attrs.href, title: mark.attrs.title, rel: "noopener noreferrer" }, 0],
  },
};

/** The one charter schema. */
export const charterSchema = new Schema({ nodes, marks });

/** A charter document node. */
export type CharterDoc = PMNode;
