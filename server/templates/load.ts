import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTemplate, TemplateError, type ParsedTemplate } from "./parse.js";

/** What loading a folder of templates gave: the good ones, and the errors. */
export interface TemplateCatalog {
  templates: Map<string, ParsedTemplate>;
  errors: TemplateError[];
}

/**
 * Loads and validates every `*.md` template in `dir` (README.md excepted).
 * A broken template is reported, not loaded; the others still are.
 */
export function loadTemplates(dir: string): TemplateCatalog {
  const templates = new Map<string, ParsedTemplate>();
  const errors: TemplateError[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith(".md") && f.toLowerCase() != "readme.md").sort();
  for (const file of files) {
    try {
      const template = parseTemplate(file, readFileSync(join(dir, file), "utf8"));
      if (templates.has(template.id)) throw new TemplateError(file, 1, `identifiant de modèle « ${template.id} » déjà utilisé par ${templates.get(template.id)!.file}`);
      templates.set(template.id, template);
    } catch (err) {
      if (err instanceof TemplateError) errors.push(err);
      else throw err;
    }
  }
  return { templates, errors };
}
