import { useEffect, useState } from "preact/hooks";
import type { NumberedEntry } from "../../../server/shared/numbering.js";
import { ROLE_LABELS } from "../../../server/shared/roles.js";
import { api } from "../api.js";
import { takeFlash } from "../flash.js";
import type { Charter } from "../types.js";
import { PageHeading } from "../ui/PageHeading.js";
import { ErrorAlert, Loading, Notice } from "../ui/feedback.js";
import { useResource } from "../ui/useResource.js";
import { StateBadge } from "../ui/StateBadge.js";
import { CollabEditor } from "../ui/CollabEditor.js";
import { jumpTo } from "../ui/Outline.js";

/** `/chartes/:id`: the charter's text, numbered, edited live, with its outline and who is in it. */
export function CharterPage(props: { charterId: string }) {
  const [flash] = useState(takeFlash);
  const loaded = useResource(
    async (signal) => {
      const { charter } = await api<{ charter: Charter }>("GET", `/charters/${encodeURIComponent(props.charterId)}`, { signal });
      return charter;
    },
    [props.charterId],
  );
  const [entries, setEntries] = useState<NumberedEntry[]>([]);

  // A link to `/chartes/…#article-12` opens at that article once the text is there.
  useEffect(() => {
    if (entries.length && window.location.hash.length > 1) jumpTo(decodeURIComponent(window.location.hash.slice(1)));
  }, [entries.length > 0]);

  if (loaded.error) {
    return (
      <div class="container">
        <PageHeading title="Charte indisponible" />
        <ErrorAlert error={loaded.error} />
        <p>
          <a href="/">Retour à mes chartes</a>
        </p>
      </div>
    );
  }
  if (!loaded.data) return <div class="container"><Loading /></div>;

  const charter = loaded.data;
  const articles = entries.filter((e) => e.kind == "clause").length;
  return (
    <div class="container">
      <nav class="breadcrumb" aria-label="Fil d'Ariane">
        <a href="/">Mes chartes</a> <span aria-hidden="true">›</span> <span aria-current="page">{charter.title}</span>
      </nav>
      {flash && (
        <Notice kind="success">
          <p>{flash}</p>
        </Notice>
      )}
      <div class="page-head">
        <div>
          <PageHeading title={charter.title} class="charter-page-title" />
          <ul class="facts">
            <li>
              <StateBadge state={charter.state} />
            </li>
            <li>
              Département : {charter.departement.name} ({charter.departement.code})
            </li>
            <li>Votre rôle : {ROLE_LABELS[charter.role]}</li>
            {entries.length > 0 && (
              <li>
                {entries.length - articles} titres, {articles} articles
              </li>
            )}
          </ul>
        </div>
        {charter.abilities["members:read"] && (
          <a class="button button-secondary" href={`/chartes/${charter.id}/membres`}>
            {charter.abilities["invitations:manage"] ? "Membres et invitations" : "Membres"}
          </a>
        )}
      </div>
      <CollabEditor charter={charter} onEntries={setEntries} onAccessChange={loaded.reload} />
    </div>
  );
}
