import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import type { Mark, Node as PMNode } from "prosemirror-model";
import { charterSchema as schema } from "../shared/schema.js";
import { checkCharterRules, isIsoDate } from "../shared/validate.js";
import { isPartnerKind } from "../shared/partners.js";

/** A template that failed to load, with where. */
export class TemplateError extends Error {
  constructor(readonly file: string, readonly line: number, readonly reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = "TemplateError";
  }
}

/** A parsed, validated template. Commitments carry a partner kind as `party`. */
export interface ParsedTemplate {
  id: string;
  name: string;
  description: string;
  file: string;
  doc: PMNode;
  /** The charter's duration in years (`duration:`), if the template says. */
  durationYears: number | null;
  /** The year the template's échéances are written for (`startyear:`): a charter starting later has them moved by as many years. */
  startYear: number | null;
}

// Constructs the format does not support are still parsed, so that they can be reported.
const md = new MarkdownIt("zero").enable([
  "heading", "paragraph", "list", "emphasis", "link", "newline", "escape", "entity",
  "blockquote", "code", "fence", "hr", "table", "image", "backticks", "strikethrough",
]);
md.set({ html: false, linkify: false, typographer: false });

const COMMITMENT = /^@([a-z_]+)\s*:\s*([\s\S]*?)\s*(?:\{([^{}]*)\})?\s*$/;

/**
 * Parses the template format described in `charter-templates/README.md`
 * into a charter document checked against the schema. Any mistake throws a
 * `TemplateError` naming the file and the line.
 */
export function parseTemplate(file: string, source: string): ParsedTemplate {
  const { meta, body, bodyLine } = splitFrontMatter(file, source);
  const tokens = md.parse(body, {});
  const parser = new TemplateParser(file, tokens, bodyLine);
  const doc = parser.parseDoc();
  for (const key of ["id", "name"] as const)
    if (!meta[key]) throw new TemplateError(file, 1, `en-tête « ${key}: » manquant`);
  if (!/^[a-z0-9-]+$/.test(meta.id)) throw new TemplateError(file, 1, `identifiant de modèle invalide « ${meta.id} » (lettres minuscules, chiffres et tirets)`);
  const durationYears = meta.duration === undefined ? null : Number(meta.duration);
  if (durationYears !== null && !(Number.isInteger(durationYears) && durationYears >= 1 && durationYears <= 6))
    throw new TemplateError(file, 1, `durée invalide « ${meta.duration} » (un nombre d'années, de 1 à 6 : la charte dure six ans au plus)`);
  const startYear = meta.startyear === undefined ? null : Number(meta.startyear);
  if (startYear !== null && !(Number.isInteger(startYear) && startYear >= 2000 && startYear <= 2100))
    throw new TemplateError(file, 1, `année de début invalide « ${meta.startyear} » (attendu AAAA)`);
  return { id: meta.id, name: meta.name, description: meta.description ?? "", file, doc, durationYears, startYear };
}

function splitFrontMatter(file: string, source: string) {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const meta: Record<string, string> = {};
  if (lines[0]?.trim() != "---") throw new TemplateError(file, 1, "en-tête manquant : le fichier doit commencer par une ligne « --- »");
  let end = 1;
  for (; end < lines.length && lines[end].trim() != "---"; end++) {
    const line = lines[end];
    if (!line.trim()) continue;
    const match = /^([a-z]+)\s*:\s*(.*)$/.exec(line);
    if (!match) throw new TemplateError(file, end + 1, `ligne d'en-tête invalide « ${line} » (attendu « clé: valeur »)`);
    meta[match[1]] = match[2].trim();
  }
  if (end >= lines.length) throw new TemplateError(file, 1, "en-tête non fermé : ligne « --- » manquante");
  return { meta, body: lines.slice(end + 1).join("\n"), bodyLine: end + 1 };
}

class TemplateParser {
  private pos = 0;
  private nextId = 1;

  constructor(private file: string, private tokens: Token[], private lineOffset: number) {}

  parseDoc(): PMNode {
    const titleTok = this.peek();
    if (!titleTok || titleTok.type != "heading_open" || titleTok.tag != "h1")
      this.fail(titleTok, "le modèle doit commencer par le titre de la charte (« # Titre »)");
    const title = this.headingText("title");
    const preamble = this.blocks("h1");
    if (!preamble.length) this.fail(this.peek(), "préambule manquant : au moins un paragraphe entre le titre et la première section « ## »");
    const sections: PMNode[] = [];
    while (this.peek()) sections.push(this.section());
    if (!sections.length) this.fail(undefined, "aucune section « ## »");
    const doc = schema.node("doc", null, [title, schema.node("preamble", null, preamble), ...sections]);
    try {
      doc.check();
      checkCharterRules(doc);
    } catch (err) {
      this.fail(undefined, `document invalide : ${(err as Error).message}`);
    }
    return doc;
  }

  private section(): PMNode {
    const tok = this.peek()!;
    if (tok.type != "heading_open" || tok.tag != "h2")
      this.fail(tok, tok.type != "heading_open" ? "section « ## » attendue"
        : tok.tag == "h3" ? "article « ### » hors de toute section « ## »"
        : tok.tag == "h1" ? "un seul titre « # » par modèle"
        : `titre de niveau ${tok.tag.slice(1)} non pris en charge (## section, ### article)`);
    const heading = this.headingText("section_heading");
    const intro = this.blocks("h2");
    const clauses: PMNode[] = [];
    while (this.peek()?.type == "heading_open" && this.peek()!.tag == "h3") clauses.push(this.clause());
    return schema.node("section", null, [heading, ...intro, ...clauses]);
  }

  private clause(): PMNode {
    const heading = this.headingText("clause_heading");
    const body = this.blocks("h3");
    return schema.node("clause", { id: `tpl-cl-${this.nextId++}` }, [heading, ...body]);
  }

  /** Paragraphs, lists and (inside clauses) commitments up to the next heading. */
  private blocks(context: "h1" | "h2" | "h3"): PMNode[] {
    const out: PMNode[] = [];
    for (let tok = this.peek(); tok && tok.type != "heading_open"; tok = this.peek()) {
      if (tok.type == "paragraph_open") {
        const inline = this.tokens[this.pos + 1];
        if (inline.content.startsWith("@")) {
          if (context != "h3") this.fail(tok, "engagement « @… » hors d'un article « ### »");
          out.push(this.commitment(tok, inline));
        } else {
          out.push(schema.node("paragraph", null, this.inline(inline)));
        }
        this.pos += 3;
      } else if (tok.type == "bullet_list_open" || tok.type == "ordered_list_open") {
        out.push(this.list());
      } else {
        this.fail(tok, `élément Markdown non pris en charge (${tok.type})`);
      }
    }
    return out;
  }

  private commitment(open: Token, inline: Token): PMNode {
    const match = COMMITMENT.exec(inline.content);
    if (!match) this.fail(open, `engagement mal formé : « ${truncate(inline.content)} » (attendu « @partenaire: texte {indicateur: …; échéance: AAAA-MM-JJ} »)`);
    const [, kind, text, options] = match!;
    if (!isPartnerKind(kind)) this.fail(open, `partenaire inconnu « ${kind} » dans « ${truncate(inline.content)} »`);
    if (!text) this.fail(open, `engagement sans texte : « ${truncate(inline.content)} »`);
    const attrs: Record<string, string | null> = { id: `tpl-en-${this.nextId++}`, party: kind, due: null, indicator: null };
    for (const part of (options ?? "").split(";")) {
      if (!part.trim()) continue;
      const kv = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/.exec(part);
      const key = kv?.[1].toLowerCase();
      if (key == "indicateur" && kv![2]) attrs.indicator = kv![2];
      else if ((key == "échéance" || key == "echeance") && isIsoDate(kv![2])) attrs.due = kv![2];
      else if (key == "échéance" || key == "echeance") this.fail(open, `échéance invalide « ${kv![2]} » (attendu AAAA-MM-JJ)`);
      else this.fail(open, `option d'engagement inconnue « ${part.trim()} » (indicateur, échéance)`);
    }
    const content = this.inlineFrom(open, md.parseInline(text, {})[0]?.children ?? []);
    return schema.node("commitment", attrs, content);
  }

  private list(): PMNode {
    const open = this.tokens[this.pos++];
    const ordered = open.type == "ordered_list_open";
    const closeType = ordered ? "ordered_list_close" : "bullet_list_close";
    const items: PMNode[] = [];
    while (this.tokens[this.pos].type != closeType) {
      const itemOpen = this.tokens[this.pos++];
      if (itemOpen.type != "list_item_open") this.fail(itemOpen, "élément de liste attendu");
      const content: PMNode[] = [];
      while (this.tokens[this.pos].type != "list_item_close") {
        const tok = this.tokens[this.pos];
        if (tok.type == "paragraph_open") {
          const inline = this.tokens[this.pos + 1];
          if (inline.content.startsWith("@")) this.fail(tok, "un engagement « @… » ne peut pas être dans une liste");
          content.push(schema.node("paragraph", null, this.inline(inline)));
          this.pos += 3;
        } else if (tok.type == "bullet_list_open" || tok.type == "ordered_list_open") {
          content.push(this.list());
        } else {
          this.fail(tok, `élément non pris en charge dans une liste (${tok.type})`);
        }
      }
      this.pos++;
      if (content[0]?.type.name != "paragraph") this.fail(itemOpen, "élément de liste vide");
      items.push(schema.node("list_item", null, content));
    }
    this.pos++;
    const start = Number(open.attrGet("start") ?? 1);
    return ordered ? schema.node("ordered_list", { order: start }, items) : schema.node("bullet_list", null, items);
  }

  private headingText(type: "title" | "section_heading" | "clause_heading"): PMNode {
    const open = this.tokens[this.pos];
    const inline = this.tokens[this.pos + 1];
    this.pos += 3;
    const text = inline.content.trim();
    if (!text) this.fail(open, "titre vide");
    if (/^((article|titre)\s*)?\d+\s*[.)°:—–-]/i.test(text)) this.fail(open, `ne numérotez pas les titres, la numérotation est automatique : « ${text} »`);
    return schema.node(type, null, [schema.text(text)]);
  }

  private inline(token: Token): PMNode[] {
    return this.inlineFrom(token, token.children ?? []);
  }

  private inlineFrom(where: Token, children: Token[]): PMNode[] {
    const out: PMNode[] = [];
    let marks: readonly Mark[] = [];
    for (const child of children) {
      switch (child.type) {
        case "text":
          if (child.content) out.push(schema.text(child.content, marks));
          break;
        case "softbreak":
          out.push(schema.text(" ", marks));
          break;
        case "hardbreak":
          out.push(schema.node("hard_break"));
          break;
        case "strong_open": marks = schema.marks.strong.create().addToSet(marks); break;
        case "strong_close": marks = schema.marks.strong.removeFromSet(marks); break;
        case "em_open": marks = schema.marks.em.create().addToSet(marks); break;
        case "em_close": marks = schema.marks.em.removeFromSet(marks); break;
        case "link_open": {
          const href = child.attrGet("href") ?? "";
          if (!/^(https?:|mailto:)/.test(href)) this.fail(where, `lien invalide « ${href} » (http, https ou mailto)`);
          marks = schema.marks.link.create({ href }).addToSet(marks);
          break;
        }
        case "link_close": marks = schema.marks.link.removeFromSet(marks); break;
        default:
          this.fail(where, `mise en forme non prise en charge (${child.type})`);
      }
    }
    return mergeAdjacentText(out);
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private fail(token: Token | undefined, reason: string): never {
    const line = token?.map ? token.map[0] + 1 + this.lineOffset : this.lineOffset;
    throw new TemplateError(this.file, line, reason);
  }
}

function mergeAdjacentText(nodes: PMNode[]): PMNode[] {
  const out: PMNode[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (last && last.isText && node.isText && node.sameMarkup(last)) out[out.length - 1] = schema.text(last.text! + node.text!, node.marks);
    else out.push(node);
  }
  return out;
}

function truncate(text: string): string {
  return text.length > 60 ? text.slice(0, 57) + "…" : text;
}
