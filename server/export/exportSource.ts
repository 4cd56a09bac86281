import type { Node as PMNode } from "prosemirror-model";
import type { Services } from "../services.js";
import type { CharterRow } from "../store/rows.js";
import { draftSnapshot } from "../domain/documents.js";
import { contentHash } from "../domain/versions/canonical.js";
import { getVersion } from "../store/versions.js";
import { getOrganisations } from "../store/organisations.js";
import { parseCharterDocument } from "../shared/validate.js";
import { departementByCode } from "../shared/departements.js";
import { invalidField, notFound } from "../http/errors.js";
import { buildExportModel, type CharterExportModel, type ExportedVersion } from "./model.js";

/** Saved versions are named by a UUID (see `versionSaver`). */
const VERSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which text `?version=` asks for: `draft`, a version id, or nothing, which
 * means the frozen version while one is frozen (that is what is being
 * approved and signed) and the draft otherwise.
 */
export function exportedRef(charter: CharterRow, param: unknown): string {
  if (param === undefined) return charter.frozen_version_id && charter.state != "drafting" ? charter.frozen_version_id : "draft";
  if (typeof param != "string" || (param != "draft" && !VERSION_ID.test(param)))
    throw invalidField("version", "Paramètre « version » invalide : indiquez l'identifiant d'une version, ou « draft » pour le projet en cours.");
  return param;
}

/** Reads the text `ref` names and builds its export model. Throws 404 for a version this charter does not have. */
export async function loadExportModel(services: Services, charter: CharterRow, ref: string): Promise<CharterExportModel> {
  const { doc, version } = ref == "draft" ? await readDraft(services, charter) : await readVersion(services, charter, ref);
  const organisations = await getOrganisations(services.db, partiesOf(doc));
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const departement = departementByCode(charter.department_code) ?? { code: charter.department_code, name: charter.department_code };
  return buildExportModel(doc, {
    departement,
    state: charter.state,
    version,
    // Only the version that was signed is the charter; anything else, drafts and older versions, is a « projet ».
    signed: charter.state == "signed" && version.id == charter.frozen_version_id,
    organisationName: (id) => names.get(id),
  });
}

async function readDraft(services: Services, charter: CharterRow): Promise<{ doc: PMNode; version: ExportedVersion }> {
  const { doc } = await draftSnapshot(services, charter.id);
  return { doc, version: { id: "draft", number: null, label: "Projet en cours", hash: contentHash(doc), createdAt: new Date().toISOString(), author: null } };
}

async function readVersion(services: Services, charter: CharterRow, id: string): Promise<{ doc: PMNode; version: ExportedVersion }> {
  const row = await getVersion(services.db, charter.id, id);
  if (!row) throw notFound("Version");
  return {
    doc: parseCharterDocument(JSON.parse(row.document)),
    // Named versions by their own number (V1, V2…); a checkpoint has none, its order number stands in.
    version: { id: row.id, number: row.named_number ?? row.number, label: row.label, hash: row.hash, createdAt: row.created_at, author: row.author_name },
  };
}

/** The organisations named as responsible for a commitment. */
function partiesOf(doc: PMNode): string[] {
  const ids = new Set<string>();
  doc.descendants((node) => {
    if (node.type.name == "commitment" && node.attrs.party) ids.add(node.attrs.party);
    return node.type.name != "commitment";
  });
  return [...ids];
}
