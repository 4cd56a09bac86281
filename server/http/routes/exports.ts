import { route, type RouteDef } from "../route.js";
import { exportedRef, loadExportModel } from "../../export/exportSource.js";
import { exportFilenames } from "../../export/filenames.js";
import { exportRenderer as renderer } from "../../export/exportRenderer.js";

const VERSION_QUERY = {
  version: "`draft` for the live draft, or a version id; by default the frozen version while one is frozen, else the draft.",
};

/** One download format of a charter. */
function exportRoute(extension: "pdf" | "docx", contentType: string, what: string): RouteDef {
  return route({
    method: "get", path: `/charters/:id/export.${extension}`, tag: "exports", access: { charter: "document:read" }, budget: "exports",
    query: VERSION_QUERY, produces: contentType,
    summary: `Download the charter as ${what} (every member): a version (\`?version=<versionId>\`), the live draft (\`?version=draft\`), or by default the frozen version while one is frozen, else the draft.`,
    responds: `The ${extension.toUpperCase()} file, as an attachment named after the title and the version; 404 for a version the charter does not have.`,
    async handle({ services, charter, query }) {
      const model = await loadExportModel(services, charter!, exportedRef(charter!, query.version));
      return { file: { contentType, ...exportFilenames(model, extension), data: await renderer.render(extension, model) } };
    },
  });
}

export const exportRoutes = [
  exportRoute("pdf", "application/pdf", "a tagged PDF (numbered articles, commitments with their organisations, page numbers, « PROJET » unless signed)"),
  exportRoute("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a DOCX document (Word headings, numbered articles, commitments as styled paragraphs)"),
];
