import { route } from "../route.js";
import { evidenceFile, type Evidence } from "../../domain/evidence/evidenceFile.js";
import { slug } from "../../export/filenames.js";

/** « Fichier de preuve — <titre> — version n.pdf », and its ASCII slug. */
function evidenceFilenames(evidence: Evidence, extension: "pdf" | "json") {
  const title = evidence.charter.title.replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]+/gu, " ").replace(/\s+/g, " ").trim().slice(0, 120) || "Charte";
  return {
    filename: `Fichier de preuve — ${title} — version ${evidence.version.number}.${extension}`,
    asciiFilename: `fichier-de-preuve-${slug(title).slice(0, 70).replace(/-+$/, "") || "charte"}-version-${evidence.version.number}.${extension}`,
  };
}

/** The evidence file of the charter's signatures (every member), from the first signature on. */
export const evidenceRoutes = [
  route({
    method: "get", path: "/charters/:id/evidence.json", tag: "signing", access: { charter: "signatures:read" },
    summary: "The evidence file (« fichier de preuve ») of the round being or having been signed, as JSON (every member): the version signed and its SHA-256, each signature with identity, capacity and delegation, authentication, IP, user agent, time zone, viewed / approved / signed times, mode and image or typed name, consent text and its hash; the round's audit entries and the audit chain's head.",
    responds: "`{format, generatedAt, charter, version, round, level, signatures, events, auditChain}`; 409 `no_signature` before the first signature.",
    async handle({ services, charter }) {
      return { body: await evidenceFile(services.db, charter!, services.config.publicUrl) };
    },
  }),
  route({
    method: "get", path: "/charters/:id/evidence.pdf", tag: "signing", access: { charter: "signatures:read" }, budget: "exports", produces: "application/pdf",
    summary: "The evidence file as a readable, tagged PDF in French (every member): the same content as `evidence.json`, drawn signatures as vector paths.",
    responds: "The PDF, as an attachment; 409 `no_signature` before the first signature.",
    async handle({ services, charter }) {
      const evidence = await evidenceFile(services.db, charter!, services.config.publicUrl);
      return { file: { contentType: "application/pdf", ...evidenceFilenames(evidence, "pdf"), data: await (await import("../../export/pdf/renderEvidencePdf.js")).renderEvidencePdf(evidence) } };
    },
  }),
];
