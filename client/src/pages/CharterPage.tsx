import { useEffect, useRef, useState } from "preact/hooks";
import type { NumberedEntry } from "../../../server/shared/numbering.js";
import { ROLE_LABELS } from "../../../server/shared/roles.js";
import { api } from "../api.js";
import { takeFlash } from "../flash.js";
import type { CollabSession } from "../collab/session.js";
import type { ChangeTopic } from "../../../server/shared/collab.js";
import type { Charter, VersionList } from "../types.js";
import { PageHeading } from "../ui/PageHeading.js";
import { CharterAdmin } from "../ui/admin/CharterAdmin.js";
import { ErrorAlert, Loading, Notice } from "../ui/feedback.js";
import { useResource } from "../ui/useResource.js";
import { StateBadge } from "../ui/StateBadge.js";
import { CollabEditor } from "../ui/CollabEditor.js";
import { CharterSkipLinks } from "../ui/CharterSkipLinks.js";
import { jumpTo } from "../ui/Outline.js";
import { TabPanel, Tabs, tabIds } from "../ui/Tabs.js";
import { CharterSidebar, SIDEBAR_TABS, type SidebarView } from "../ui/CharterSidebar.js";
import { CommentMarkers } from "../ui/comments/CommentMarkers.js";
import { clauseNames } from "../ui/comments/CommentsPanel.js";
import { commentsByClause, commentsByPassage, useComments } from "../ui/comments/useComments.js";
import { usePassageHighlight } from "../ui/comments/usePassageHighlight.js";
import { FreezeBanner } from "../ui/versions/FreezeBanner.js";
import { DownloadMenu } from "../ui/exports/DownloadMenu.js";
import { FROZEN_ANCHOR_PREFIX, FrozenText } from "../ui/versions/FrozenText.js";
import { SigningPanel } from "../ui/signing/SigningPanel.js";
import { FollowupPanel } from "../ui/followup/FollowupPanel.js";
import { PublicationControl } from "../ui/publication/PublicationControl.js";
import type { SigningStatus } from "../ui/signing/types.js";
import { formatDay } from "../format.js";
import { VersionHistory } from "../ui/versions/VersionHistory.js";
import { DRAFT, DiffView, type DiffRequest } from "../ui/versions/DiffView.js";
import type { LocatedPlaceholder } from "../../../server/shared/placeholders.js";

type PageTab = "text" | "history" | "diff" | "signing" | "followup";
const PAGE_TABS = "charter";

/**
 * `/chartes/:id`: the charter's text, numbered, edited live, with its
 * outline, who is in it and the comments on its articles; its history of
 * versions; the differences between two states of the text; and, while a
 * version is frozen for approval, why the text cannot be edited.
 */
export function CharterPage(props: { charterId: string }) {
  const [flash] = useState(takeFlash);
  const path = `/charters/${encodeURIComponent(props.charterId)}`;
  const loaded = useResource((signal) => api<{ charter: Charter }>("GET", path, { signal }).then((r) => r.charter), [props.charterId]);
  const versions = useResource((signal) => api<VersionList>("GET", `${path}/versions`, { signal }), [props.charterId]);
  const signing = useResource((signal) => api<SigningStatus>("GET", `${path}/signatures`, { signal }), [props.charterId]);
  const [session, setSession] = useState<CollabSession | null>(null);
  // Counts the follow-up changes the server announces (declarations, appraisals, values): the « Suivi » tab reloads on each.
  const [followupChanges, setFollowupChanges] = useState(0);
  const comments = useComments(props.charterId, () => session?.whenStored() ?? Promise.resolve());
  const [entries, setEntries] = useState<NumberedEntry[]>([]);
  const [frozenEntries, setFrozenEntries] = useState<NumberedEntry[]>([]);
  // While a version is frozen, the « Texte » tab shows it; pilots and editors may open the draft instead.
  const [draftOpened, setDraftOpened] = useState(false);
  const [placeholders, setPlaceholders] = useState<{ found: LocatedPlaceholder[]; select(index: number, text: string): void }>({ found: [], select() {} });
  const [tab, setTab] = useState<PageTab>("text");
  const [visited, setVisited] = useState<Set<PageTab>>(() => new Set(["text"]));
  const [sidebar, setSidebar] = useState<SidebarView>({ kind: "outline" });
  const passages = usePassageHighlight(comments.threads, sidebar);
  const [selectedVersion, setSelectedVersion] = useState<string | null>(null);
  const [diffRequest, setDiffRequest] = useState<DiffRequest | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const banner = useRef<HTMLDivElement>(null);
  const focusBanner = useRef(false);

  // A link to `/chartes/…#article-12` opens at that article once the text is there.
  useEffect(() => {
    if (entries.length && window.location.hash.length > 1) jumpTo(decodeURIComponent(window.location.hash.slice(1)));
  }, [entries.length > 0]);

  // What changes beside the text (comments, versions, freezing), the server announces: it is loaded again here.
  useEffect(() => {
    if (!session) return;
    return session.onChange((topic) => {
      if (topic == "comments") comments.reload();
      else if (topic == "versions") versions.reload();
      else if (topic == "signatures") signing.reload();
      else if (topic == "followup") setFollowupChanges((n) => n + 1);
      else {
        loaded.reload();
        versions.reload();
        signing.reload();
      }
    });
  }, [session]);

  // Freezing and reopening are announced, whoever did it; the banner takes the focus from the one who froze.
  const state = loaded.data?.state;
  const lastState = useRef(state);
  useEffect(() => {
    if (lastState.current && state && lastState.current != state) {
      if (state == "frozen") setAnnouncement("Une version a été figée pour approbation : la rédaction est suspendue.");
      else if (state == "drafting") setAnnouncement("La rédaction est rouverte : le texte peut de nouveau être modifié.");
    }
    if (lastState.current != state) setDraftOpened(false);
    lastState.current = state;
    if (state == "frozen" && focusBanner.current) {
      focusBanner.current = false;
      banner.current?.focus();
    }
  }, [state]);

  function select(next: PageTab) {
    setTab(next);
    if (!visited.has(next)) setVisited(new Set([...visited, next]));
    if (next == "history") versions.reload();
  }

  /** Switches tab from a button inside a panel: the focus goes to the new tab rather than to a hidden button. */
  function goTo(next: PageTab) {
    select(next);
    requestAnimationFrame(() => document.getElementById(tabIds(PAGE_TABS, next).tab)?.focus());
  }

  function openComments(clauseId: string | null, target: "heading" | "form", scroll = false, more: Pick<SidebarView & { kind: "comments" }, "threadId" | "passage"> = {}) {
    select("text");
    setSidebar({ kind: "comments", clauseId, ...more, focus: { target, key: Date.now() } });
    if (scroll && clauseId) document.querySelector(`${showFrozen ? ".frozen-text" : ".document-editor"} article[data-clause-id="${CSS.escape(clauseId)}"]`)?.scrollIntoView({ block: "start" });
  }

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
  const showFrozen = charter.frozenVersionId != null && !(draftOpened && charter.abilities["draft:open"]);
  const shownEntries = showFrozen ? frozenEntries : entries;
  const hasSigning = charter.frozenVersionId != null || !!signing.data?.earlierRounds.length;
  // The signing tab goes when drafting reopens: whoever was on it is back on the text.
  const shownTab: PageTab = (tab == "signing" && !hasSigning) || (tab == "followup" && charter.state != "signed") ? "text" : tab;
  const articles = shownEntries.filter((e) => e.kind == "clause").length;
  const versionList = versions.data?.versions;
  const frozenVersion = versionList?.find((v) => v.id == charter.frozenVersionId) ?? null;
  const whenStored = () => session?.whenStored() ?? Promise.resolve();
  const changed = (topic: ChangeTopic) => {
    versions.reload();
    if (topic == "charter") loaded.reload();
  };

  const markers = (
    <CommentMarkers
      counts={commentsByClause(comments.threads)}
      clauseName={(id) => "l'" + clauseNames(shownEntries, id).short.toLowerCase()}
      active={sidebar.kind == "comments" ? (sidebar.clauseId ?? sidebar.threadId ?? null) : null}
      controls={tabIds(SIDEBAR_TABS, "comments").panel}
      onOpen={(id) => openComments(id, "heading")}
      passages={commentsByPassage(comments.threads)}
      onOpenThread={(id) => openComments(null, "heading", false, { threadId: id })}
    />
  );

  /** Switches between the frozen version and the draft, the focus on what is now shown. */
  function openDraft(open: boolean) {
    setDraftOpened(open);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(open ? ".draft-opened-note button" : ".frozen-text-title")?.focus());
  }

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
          {/* After the heading, which takes the focus on arriving from another page: the next Tab is here. */}
          <CharterSkipLinks canEdit={!!charter.abilities["document:edit"]} onShowText={() => select("text")} />
          <CharterAdmin charter={charter} onChanged={loaded.reload} />
          <ul class="facts">
            <li>
              <StateBadge state={charter.state} />
            </li>
            <li>
              Département : {charter.departement.name} ({charter.departement.code})
            </li>
            <li>Votre rôle : {ROLE_LABELS[charter.role]}</li>
            {charter.state == "signed" && charter.effectiveDate && charter.endDate && (
              <li>
                En vigueur du {formatDay(charter.effectiveDate)} au {formatDay(charter.endDate)}
              </li>
            )}
            {shownEntries.length > 0 && (
              <li>
                {shownEntries.length - articles} titres, {articles} articles
              </li>
            )}
          </ul>
          <PublicationControl charter={charter} onChanged={loaded.reload} />
        </div>
        <div class="page-head-actions">
          {/* What the page shows is what is downloaded: the frozen (or signed) version, unless the draft was opened. */}
          {showFrozen && charter.frozenVersionId ? (
            <DownloadMenu
              charterId={charter.id}
              version={charter.frozenVersionId}
              what={charter.state == "signed" ? "la charte signée" : frozenVersion ? `la version ${frozenVersion.number} figée` : "la version figée"}
              small={false}
            />
          ) : (
            <DownloadMenu charterId={charter.id} version="draft" what="le projet en cours" small={false} />
          )}
          {charter.abilities["members:read"] && (
            <a class="button button-secondary" href={`/chartes/${charter.id}/membres`}>
              {charter.abilities["invitations:manage"] ? "Membres et invitations" : "Membres"}
            </a>
          )}
        </div>
      </div>
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
      {charter.state == "frozen" && (
        <div ref={banner} tabIndex={-1} class="banner-focus">
          <FreezeBanner
            charter={charter}
            version={frozenVersion}
            onShowVersion={(id) => {
              setSelectedVersion(id);
              goTo("history");
            }}
            onReopened={() => {
              changed("charter");
              document.querySelector<HTMLElement>(".charter-page-title")?.focus();
            }}
          />
        </div>
      )}
      <Tabs
        label="Vues de la charte"
        prefix={PAGE_TABS}
        class="page-tabs"
        selected={shownTab}
        onSelect={select}
        tabs={[
          { id: "text", label: "Texte" },
          { id: "history", label: "Historique" },
          { id: "diff", label: "Différences" },
          ...(hasSigning ? [{ id: "signing" as const, label: "Approbation et signature" }] : []),
          ...(charter.state == "signed" ? [{ id: "followup" as const, label: "Suivi" }] : []),
        ]}
      />
      <TabPanel prefix={PAGE_TABS} id="text" selected={shownTab == "text"}>
        {!showFrozen && charter.frozenVersionId != null && (
          <div class="alert alert-warning draft-opened-note">
            <p>Vous consultez le projet en cours, et non la version soumise à l'approbation des signataires.</p>
            <button type="button" class="button button-small button-secondary" onClick={() => openDraft(false)}>
              Revenir à la version figée
            </button>
          </div>
        )}
        <CollabEditor
          charter={charter}
          onEntries={setEntries}
          onPlaceholders={(found, select) => setPlaceholders({ found, select })}
          onAccessChange={loaded.reload}
          onSession={setSession}
          aside={
            <CharterSidebar
              view={sidebar}
              onView={setSidebar}
              entries={shownEntries}
              anchorPrefix={showFrozen ? FROZEN_ANCHOR_PREFIX : undefined}
              comments={comments}
              canWrite={!!charter.abilities["comment:write"]}
              places={passages.places}
              onOpenClause={(id, scroll = true) => openComments(id, "heading", scroll)}
              onOpenThread={(id) => openComments(null, "heading", false, { threadId: id })}
              onShowPassage={passages.show}
              onActiveThread={passages.setHovered}
              placeholders={placeholders.found}
              onSelectPlaceholder={(index, text) => placeholders.select(index, text)}
            />
          }
          overlay={!showFrozen && markers}
          replacement={
            showFrozen && (
              <FrozenText
                charter={charter}
                onEntries={setFrozenEntries}
                onOpenDraft={charter.abilities["draft:open"] ? () => openDraft(true) : undefined}
                overlay={markers}
              />
            )
          }
          passages={passages.editor}
          onPassagePlaces={passages.setPlaces}
          onComment={
            charter.abilities["comment:write"]
              ? ({ clauseId, passage }) => (passage ? openComments(clauseId, "form", false, { passage }) : openComments(clauseId, clauseId ? "form" : "heading"))
              : undefined
          }
        />
      </TabPanel>
      <TabPanel prefix={PAGE_TABS} id="history" selected={shownTab == "history"}>
        {visited.has("history") && (
          <VersionHistory
            charter={charter}
            versions={versions}
            selected={selectedVersion}
            onSelect={setSelectedVersion}
            whenStored={whenStored}
            onCompare={(id) => {
              setDiffRequest({ from: id, to: DRAFT, key: Date.now() });
              goTo("diff");
            }}
            onSaved={() => changed("versions")}
            onRestored={() => changed("versions")}
            onFrozen={() => {
              focusBanner.current = true;
              changed("charter");
            }}
          />
        )}
      </TabPanel>
      <TabPanel prefix={PAGE_TABS} id="signing" selected={shownTab == "signing"}>
        {visited.has("signing") && (
          <SigningPanel
            charter={charter}
            status={signing}
            versionName={frozenVersion ? `version ${frozenVersion.number} « ${frozenVersion.label} »` : "version figée"}
            entries={frozenEntries}
            onChanged={() => changed("charter")}
          />
        )}
      </TabPanel>
      <TabPanel prefix={PAGE_TABS} id="followup" selected={shownTab == "followup"}>
        {visited.has("followup") && charter.state == "signed" && <FollowupPanel charter={charter} changes={followupChanges} />}
      </TabPanel>
      <TabPanel prefix={PAGE_TABS} id="diff" selected={shownTab == "diff"}>
        {visited.has("diff") && <DiffView charter={charter} versions={versionList} request={diffRequest} whenStored={whenStored} />}
      </TabPanel>
    </div>
  );
}
