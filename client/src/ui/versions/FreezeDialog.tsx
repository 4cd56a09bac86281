import { useMemo } from "preact/hooks";
import { Node as PMNode } from "prosemirror-model";
import { api } from "../../api.js";
import { charterSchema } from "../../../../server/shared/schema.js";
import { locatePlaceholders } from "../../../../server/shared/placeholders.js";
import type { Charter, Version } from "../../types.js";
import { ConfirmDialog } from "../ConfirmDialog.js";
import "../placeholders/placeholders.css";

/**
 * Asks before freezing a version for approval. A version that still holds
 * placeholders (« [à compléter] »…) is warned about, with their list by
 * article, and freezing it then tells the server the pilot has seen them
 * (the server refuses otherwise, and keeps the list in the audit log).
 */
export function FreezeDialog(props: { charter: Charter; version: Version; onClose(): void; onDone(): void }) {
  const { charter, version } = props;
  const placeholders = useMemo(
    () => locatePlaceholders(PMNode.fromJSON(charterSchema, version.document as Parameters<typeof PMNode.fromJSON>[1])),
    [version],
  );
  const byPlace = useMemo(() => {
    const groups = new Map<string, string[]>();
    for (const p of placeholders) groups.set(p.where, [...(groups.get(p.where) ?? []), p.text]);
    return [...groups];
  }, [placeholders]);
  const n = placeholders.length;
  return (
    <ConfirmDialog
      title={`Figer la version V${version.number} pour approbation ?`}
      confirmLabel="Figer pour approbation"
      onConfirm={() =>
        api("POST", `/charters/${encodeURIComponent(charter.id)}/freeze`, { body: { versionId: version.id, confirmPlaceholders: n > 0 } }).then(() => {})
      }
      onClose={props.onClose}
      onDone={props.onDone}
    >
      {n > 0 && (
        <div class="alert alert-warning freeze-placeholders">
          <p>
            <strong>
              Cette version contient encore {n} élément{n > 1 ? "s" : ""} à compléter.
            </strong>{" "}
            Les signataires l'examineront en l'état ; le fait qu'elle a été figée ainsi est inscrit au journal.
          </p>
          <ul class="freeze-placeholders-list" tabIndex={0} aria-label={`Éléments à compléter de la version V${version.number}`}>
            {byPlace.map(([where, texts]) => (
              <li key={where}>
                <span class="freeze-placeholders-where">{where}</span> : {summarise(texts)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p>
        La version V{version.number} « {version.label} » sera soumise à l'approbation des signataires. La rédaction sera suspendue pour tout le
        monde : le texte ne pourra plus être modifié tant qu'un pilote n'aura pas rouvert la rédaction.
      </p>
    </ConfirmDialog>
  );
}

/** « [à compléter] ×3, [date] », in order of first appearance. */
function summarise(texts: string[]): string {
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([t, c]) => (c > 1 ? `${t} ×${c}` : t)).join(", ");
}
