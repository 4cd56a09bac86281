import { useState } from "preact/hooks";
import { api, ApiError } from "../../api.js";
import { navigate } from "../../router.js";
import type { Charter } from "../../types.js";
import { ConfirmDialog } from "../ConfirmDialog.js";
import "./charterAdmin.css";

type Open = "rename" | "archive" | "unarchive" | "delete" | null;

/**
 * The pilots' administration of a charter, beside its title: rename it (in a
 * dialog with a labelled field), archive or unarchive it, delete it while it
 * was never signed, after typing its name. Shown only with the abilities.
 */
export function CharterAdmin(props: { charter: Charter; onChanged(): void }) {
  const { charter } = props;
  const [open, setOpen] = useState<Open>(null);
  const [title, setTitle] = useState(charter.title);
  const [typed, setTyped] = useState("");
  const a = charter.abilities;
  const archivedNote = charter.state == "archived" && (
    <p class="charter-archived-note" role="note">
      Charte archivée : elle est en lecture seule pour tout le monde.
    </p>
  );
  if (!a["charter:update"] && !a["charter:archive"] && !a["charter:unarchive"] && !a["charter:delete"]) return archivedNote || null;
  const base = `/charters/${encodeURIComponent(charter.id)}`;
  const close = () => setOpen(null);

  return (
    <>
    {archivedNote}
    <div class="charter-admin" role="group" aria-label="Administration de la charte">
      {a["charter:update"] && (
        <button type="button" class="button button-small button-secondary" onClick={() => { setTitle(charter.title); setOpen("rename"); }}>
          Renommer
        </button>
      )}
      {a["charter:archive"] && (
        <button type="button" class="button button-small button-secondary" onClick={() => setOpen("archive")}>
          Archiver
        </button>
      )}
      {a["charter:unarchive"] && (
        <button type="button" class="button button-small button-secondary" onClick={() => setOpen("unarchive")}>
          Désarchiver
        </button>
      )}
      {a["charter:delete"] && (
        <button type="button" class="button button-small button-danger" onClick={() => { setTyped(""); setOpen("delete"); }}>
          Supprimer
        </button>
      )}
      {open == "rename" && (
        <ConfirmDialog
          title="Renommer la charte"
          confirmLabel="Renommer"
          onConfirm={() => api("PATCH", base, { body: { title } }).then(() => {})}
          onClose={close}
          onDone={props.onChanged}
        >
          <label for="charter-new-title">Nouveau titre</label>
          <input id="charter-new-title" type="text" class="charter-admin-input" maxLength={300} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          <p class="hint">Le titre change aussi dans le texte, pour toutes les personnes qui rédigent.</p>
        </ConfirmDialog>
      )}
      {open == "archive" && (
        <ConfirmDialog title="Archiver la charte ?" confirmLabel="Archiver" onConfirm={() => api("POST", `${base}/archive`).then(() => {})} onClose={close} onDone={props.onChanged}>
          <p>La charte passera en lecture seule pour tout le monde et sera rangée parmi les chartes archivées. Vous pourrez la désarchiver.</p>
        </ConfirmDialog>
      )}
      {open == "unarchive" && (
        <ConfirmDialog title="Désarchiver la charte ?" confirmLabel="Désarchiver" onConfirm={() => api("POST", `${base}/unarchive`).then(() => {})} onClose={close} onDone={props.onChanged}>
          <p>La charte reprendra l'état qu'elle avait avant d'être archivée.</p>
        </ConfirmDialog>
      )}
      {open == "delete" && (
        <ConfirmDialog
          title="Supprimer définitivement la charte ?"
          confirmLabel="Supprimer la charte"
          danger
          onConfirm={async () => {
            if (typed.trim() != charter.title) throw new ApiError(400, "confirmation", "Recopiez exactement le titre de la charte pour confirmer.");
            await api("DELETE", base);
          }}
          onClose={close}
          onDone={() => navigate("/")}
        >
          <p>
            Le texte, les versions, les commentaires, les membres et les invitations seront supprimés. Les personnes connectées seront déconnectées.
            Seul le journal en garde la trace. Cette action est irréversible.
          </p>
          <label for="charter-delete-confirm">Pour confirmer, recopiez le titre : « {charter.title} »</label>
          <input id="charter-delete-confirm" type="text" class="charter-admin-input" autoComplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
        </ConfirmDialog>
      )}
    </div>
    </>
  );
}
