// `npm run templates:check`: validates every charter template and prints a
// summary, or each error with its file and line (exit code 1).
import { fileURLToPath } from "node:url";
import { loadTemplates } from "./load.js";
import { summarizeTemplate } from "./summary.js";

const dir = process.argv[2] ?? fileURLToPath(new URL("../../charter-templates/", import.meta.url));
const { templates, errors } = loadTemplates(dir);
for (const template of templates.values()) {
  const s = summarizeTemplate(template);
  console.log(`✓ ${template.file} (${template.id}): ${s.sections} sections, ${s.clauses} articles, ${s.commitments} engagements, ${s.partnerKinds.length} types de partenaires`);
}
for (const error of errors) console.error(`✗ ${error.message}`);
if (errors.length || !templates.size) process.exit(1);
