import { useEffect, useRef, useState } from "preact/hooks";
import type { NumberedEntry } from "../../../../server/shared/numbering.js";
import { anchorId, describeShortcut } from "../../editor/index.js";
import { formatDateTime } from "../../format.js";
import type { Comment, Thread } from "../../types.js";
import type { Passage, PassagePlaces } from "../../editor/commentPassages.js";
import { ErrorAlert, Loading } from "../feedback.js";
import { jumpTo } from "../Outline.js";
import { CommentForm } from "./CommentForm.js";
import { PassageQuote, ThreadView } from "./ThreadView.js";
import "./passages.css";
import type { CommentsStore } from "./useComments.js";

/** Which discussions the list shows. */
type Filter = "open" | "resolved" | "all";

/** Where the focus goes when the panel is opened for a clause: its heading (to read) or the new comment (to write). */
export interface PanelFocus {
  target: "heading" | "form";
  /** Changes at each request, so that asking twice moves the focus twice. */
  key: number;
}

/** « Article 3 » and « Article 3 : Principes directeurs » for a clause id; a clause no longer in the text is said so. */
export function clauseNames(entries: NumberedEntry[], clauseId: string): { short: string; full: string; entry: NumberedEntry | null } {
  const entry = entries.find((e) => e.kind == "clause" && e.id == clauseId) ?? null;
  if (!entry) return { short: "Article supprimé", full: "Article supprimé du texte", entry };
  const short = `Article ${entry.number}`;
  return { short, full: entry.heading ? `${short} : ${entry.heading}` : short, entry };
}

/** What the panel shows besides the list of all discussions. */
export interface PanelTarget {
  /** The article whose discussions are shown. */
  clauseId: string | null;
  /** A discussion on a passage outside articles, shown alone. */
  threadId?: string | null;
  /** A passage about to be commented: the form to do it. */
  passage?: Passage | null;
}

/**
 * The comments beside the text: every discussion (open, resolved or all),
 * each linking to its article or passage; the discussions of one article,
 * with the form to start a new one, reply, resolve and reopen; one
 * discussion on a passage outside articles; or the form to comment a
 * passage just selected.
 */
export function CommentsPanel(props: PanelTarget & {
  store: CommentsStore;
  entries: NumberedEntry[];
  focus: PanelFocus | null;
  canWrite: boolean;
  /** Where each passage thread starts in the text now (null: its text is gone). */
  places: PassagePlaces;
  /** Shows an article's discussions; `scroll: false` leaves the text where it is (the user is at the passage). */
  onOpenClause(clauseId: string, scroll?: boolean): void;
  onOpenThread(threadId: string): void;
  /** Scrolls the text to a thread's passage. */
  onShowPassage(threadId: string): void;
  /** The thread pointed at or focused in the panel, whose passage the text highlights. */
  onActive(threadId: string | null): void;
  onBack(): void;
}) {
  const { store } = props;
  const [filter, setFilter] = useState<Filter>("open");
  const [announcement, setAnnouncement] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!props.focus) return;
    if (props.focus.target == "form") root.current?.querySelector<HTMLTextAreaElement>(".new-comment textarea")?.focus();
    else heading.current?.focus();
  }, [props.focus?.key, props.clauseId, props.threadId]);

  const threadView = (thread: Thread) => (
    <ThreadView
      thread={thread}
      canWrite={props.canWrite}
      passageGone={!!thread.anchor && props.places.has(thread.id) && props.places.get(thread.id) == null}
      onActive={(active) => props.onActive(active ? thread.id : null)}
      onReply={async (body) => {
        await store.post({ parentId: thread.id }, body);
        setAnnouncement("Réponse publiée.");
      }}
      onResolve={async (resolved) => {
        await store.setResolved(thread.id, resolved);
        setAnnouncement(resolved ? "Discussion marquée comme résolue." : "Discussion rouverte.");
      }}
    />
  );
  const back = (
    <button type="button" class="link-button comments-back" onClick={props.onBack}>
      <span aria-hidden="true">← </span>Toutes les discussions
    </button>
  );

  const status = (
    <p class="visually-hidden" role="status">
      {announcement}
    </p>
  );

  if (!store.loaded) return <Loading label="Chargement des commentaires…" />;

  if (props.passage) {
    const passage = props.passage;
    const clause = passage.clauseId ? clauseNames(props.entries, passage.clauseId) : null;
    const opened = (comment: Comment) => (comment.clauseId ? props.onOpenClause(comment.clauseId, false) : props.onOpenThread(comment.id));
    return (
      <div ref={root} class="comments-panel">
        {back}
        <h2 ref={heading} tabIndex={-1} class="comments-clause-title">
          Commenter un passage{clause?.entry && <span class="comments-clause-heading"> de l'{clause.short.toLowerCase()}</span>}
        </h2>
        <PassageQuote quote={passage.quote} />
        {props.canWrite && (
          <div class="new-comment">
            <CommentForm
              label="Votre commentaire sur ce passage"
              submitLabel="Publier le commentaire"
              onSubmit={async (body) => {
                opened(await store.post({ passage }, body));
                setAnnouncement("Commentaire publié.");
              }}
              onCancel={props.onBack}
            />
          </div>
        )}
        {status}
      </div>
    );
  }

  if (props.threadId) {
    const thread = store.threads.find((t) => t.id == props.threadId);
    return (
      <div ref={root} class="comments-panel">
        {back}
        <h2 ref={heading} tabIndex={-1} class="comments-clause-title">
          Discussion sur un passage
        </h2>
        <ErrorAlert error={store.error} />
        {thread ? (
          <>
            {props.places.get(thread.id) != null && (
              <button type="button" class="link-button comments-show" onClick={() => props.onShowPassage(thread.id)}>
                Aller au passage dans le texte
              </button>
            )}
            {threadView(thread)}
          </>
        ) : (
          <p class="comments-empty">Cette discussion n'existe plus.</p>
        )}
        {status}
      </div>
    );
  }

  if (props.clauseId) {
    const clauseId = props.clauseId;
    const names = clauseNames(props.entries, clauseId);
    const threads = store.threads.filter((t) => t.clauseId == clauseId).sort(byDate);
    return (
      <div ref={root} class="comments-panel">
        {back}
        <h2 ref={heading} tabIndex={-1} class="comments-clause-title">
          <span class="comments-clause-number">{names.short}</span>
          {names.entry?.heading && <span class="comments-clause-heading"> {names.entry.heading}</span>}
        </h2>
        {names.entry && (
          <button type="button" class="link-button comments-show" onClick={() => jumpTo(anchorId(names.entry!))}>
            Aller à l'article dans le texte
          </button>
        )}
        <ErrorAlert error={store.error} />
        {threads.length == 0 ? (
          <p class="comments-empty">Aucune discussion sur cet article pour le moment.</p>
        ) : (
          <ol class="thread-list" aria-label={`Discussions sur l'${names.short.toLowerCase()}`}>
            {threads.map((thread) => (
              <li key={thread.id}>{threadView(thread)}</li>
            ))}
          </ol>
        )}
        {props.canWrite && names.entry && (
          <div class="new-comment">
            <CommentForm
              label={`Nouveau commentaire sur l'${names.short.toLowerCase()}`}
              submitLabel="Publier le commentaire"
              onSubmit={async (body) => {
                await store.post({ clauseId }, body);
                setAnnouncement("Commentaire publié.");
              }}
            />
          </div>
        )}
        {status}
      </div>
    );
  }

  /** Threads are listed in the text's order: by their passage's place, or their article's. */
  function placeOf(thread: Thread): number {
    const passage = thread.anchor ? props.places.get(thread.id) : undefined;
    if (passage != null) return passage;
    const entry = thread.clauseId ? props.entries.find((e) => e.kind == "clause" && e.id == thread.clauseId) : undefined;
    return entry ? entry.pos : Infinity;
  }

  const open = store.threads.filter((t) => !t.resolved).length;
  const resolved = store.threads.length - open;
  const shown = store.threads
    .filter((t) => filter == "all" || (filter == "resolved") == t.resolved)
    .map((thread) => ({ thread, names: thread.clauseId ? clauseNames(props.entries, thread.clauseId) : null, place: placeOf(thread) }))
    .sort((a, b) => a.place - b.place || byDate(a.thread, b.thread));
  const filters: [Filter, string][] = [
    ["open", `Ouvertes (${open})`],
    ["resolved", `Résolues (${resolved})`],
    ["all", `Toutes (${store.threads.length})`],
  ];

  return (
    <div ref={root} class="comments-panel">
      <h2 ref={heading} tabIndex={-1} class="comments-list-title">
        Toutes les discussions
      </h2>
      <ErrorAlert error={store.error} />
      <fieldset class="segmented">
        <legend class="visually-hidden">Discussions à afficher</legend>
        {filters.map(([value, label]) => (
          <label key={value} class="segmented-option">
            <input type="radio" name="comments-filter" value={value} checked={filter == value} onChange={() => setFilter(value)} />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      {shown.length == 0 ? (
        <p class="comments-empty">
          {filter == "resolved" ? "Aucune discussion résolue." : filter == "open" ? "Aucune discussion ouverte." : "Aucune discussion pour le moment."}
        </p>
      ) : (
        <ul class="thread-summaries">
          {shown.map(({ thread, names }) => (
            <li key={thread.id} class={"thread-summary" + (thread.resolved ? " thread-resolved" : "")}>
              {names ? (
                <button
                  type="button"
                  class="link-button thread-summary-clause"
                  aria-disabled={names.entry ? undefined : "true"}
                  onClick={() => names.entry && props.onOpenClause(thread.clauseId!)}
                >
                  {names.full}
                </button>
              ) : (
                <button type="button" class="link-button thread-summary-clause" onClick={() => props.onOpenThread(thread.id)}>
                  Passage : « {excerpt(thread.quote ?? "", 60)} »
                </button>
              )}
              <p class="comment-head">
                <span class="comment-author">{thread.author.name}</span>
                <time class="comment-date" dateTime={thread.createdAt}>
                  {formatDateTime(thread.createdAt)}
                </time>
              </p>
              <p class="thread-summary-body">{excerpt(thread.body)}</p>
              <p class="thread-summary-meta">
                {thread.replies.length > 0 && <span>{thread.replies.length > 1 ? `${thread.replies.length} réponses` : "1 réponse"}</span>}
                {thread.resolved && <span class="thread-state">Résolue</span>}
              </p>
            </li>
          ))}
        </ul>
      )}
      {props.canWrite && (
        <p class="hint comments-how">
          Pour commenter un article, placez le curseur dans son texte puis choisissez « Commenter », ou utilisez le bouton dans la marge.
        </p>
      )}
    </div>
  );
}

const byDate = (a: Thread, b: Thread) => a.createdAt.localeCompare(b.createdAt);

function excerpt(text: string, max = 180): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 3).trimEnd() + "…" : flat;
}
