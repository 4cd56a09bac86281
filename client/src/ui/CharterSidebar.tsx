import type { NumberedEntry } from "../../../server/shared/numbering.js";
import { Outline } from "./Outline.js";
import { TabPanel, Tabs } from "./Tabs.js";
import { CommentsPanel, type PanelFocus, type PanelTarget } from "./comments/CommentsPanel.js";
import type { PassagePlaces } from "../editor/commentPassages.js";
import type { CommentsStore } from "./comments/useComments.js";
import type { LocatedPlaceholder } from "../../../server/shared/placeholders.js";
import { PlaceholdersPanel } from "./placeholders/PlaceholdersPanel.js";

/** What the sidebar beside the text shows. */
export type SidebarView = { kind: "outline" } | { kind: "placeholders" } | ({ kind: "comments"; focus: PanelFocus | null } & PanelTarget);

/** The prefix of the sidebar's tab ids (the comment markers control its comments panel). */
export const SIDEBAR_TABS = "charter-sidebar";

/**
 * Beside the text, under who is in it: the outline, what is left to
 * complete, or the comments (all discussions, or one article's), as tabs.
 */
export function CharterSidebar(props: {
  view: SidebarView;
  onView(view: SidebarView): void;
  entries: NumberedEntry[];
  /** Of the headings' ids in the text the outline lists. */
  anchorPrefix?: string;
  comments: CommentsStore;
  canWrite: boolean;
  /** Where each passage thread starts in the text now. */
  places: PassagePlaces;
  onOpenClause(clauseId: string, scroll?: boolean): void;
  onOpenThread(threadId: string): void;
  onShowPassage(threadId: string): void;
  onActiveThread(threadId: string | null): void;
  /** The placeholders left in the text, and how to select one in the editor. */
  placeholders: LocatedPlaceholder[];
  onSelectPlaceholder(index: number, text: string): void;
}) {
  const { view } = props;
  const open = props.comments.threads.filter((t) => !t.resolved).length;
  const left = props.placeholders.length;
  return (
    <div class="charter-sidebar">
      <Tabs
        label="Panneau latéral"
        prefix={SIDEBAR_TABS}
        class="tabs-small"
        selected={view.kind}
        onSelect={(kind) => props.onView(kind != "comments" ? { kind } : view.kind == "comments" ? { ...view, focus: null } : { kind, clauseId: null, focus: null })}
        tabs={[
          { id: "outline", label: "Sommaire" },
          {
            id: "placeholders",
            label: (
              <>
                À compléter
                {left > 0 && (
                  <span class="tab-count tab-count-warning">
                    <span class="visually-hidden"> : </span>
                    {left}
                    <span class="visually-hidden">{left > 1 ? " éléments" : " élément"}</span>
                  </span>
                )}
              </>
            ),
          },
          {
            id: "comments",
            label: (
              <>
                Commentaires
                {open > 0 && (
                  <span class="tab-count">
                    <span class="visually-hidden"> : </span>
                    {open}
                    <span class="visually-hidden">{open > 1 ? " discussions ouvertes" : " discussion ouverte"}</span>
                  </span>
                )}
              </>
            ),
          },
        ]}
      />
      <TabPanel prefix={SIDEBAR_TABS} id="outline" selected={view.kind == "outline"}>
        {props.entries.length > 0 && <Outline entries={props.entries} anchorPrefix={props.anchorPrefix} hideTitle />}
      </TabPanel>
      <TabPanel prefix={SIDEBAR_TABS} id="placeholders" selected={view.kind == "placeholders"}>
        <PlaceholdersPanel placeholders={props.placeholders} onSelect={props.onSelectPlaceholder} />
      </TabPanel>
      <TabPanel prefix={SIDEBAR_TABS} id="comments" selected={view.kind == "comments"}>
        <CommentsPanel
          store={props.comments}
          entries={props.entries}
          clauseId={view.kind == "comments" ? view.clauseId : null}
          threadId={view.kind == "comments" ? view.threadId : null}
          passage={view.kind == "comments" ? view.passage : null}
          focus={view.kind == "comments" ? view.focus : null}
          canWrite={props.canWrite}
          places={props.places}
          onOpenClause={props.onOpenClause}
          onOpenThread={props.onOpenThread}
          onShowPassage={props.onShowPassage}
          onActive={props.onActiveThread}
          onBack={() => props.onView({ kind: "comments", clauseId: null, focus: { target: "heading", key: Date.now() } })}
        />
      </TabPanel>
    </div>
  );
}
