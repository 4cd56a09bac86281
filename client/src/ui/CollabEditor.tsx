import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Command, EditorState } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import type { NumberedEntry } from "../../../server/shared/numbering.js";
import { CLOSE_CODES } from "../../../server/shared/collab.js";
import { CHARTER_STATE_LABELS, ROLE_LABELS } from "../../../server/shared/roles.js";
import { api } from "../api.js";
import { CollabSession, type CollabStatus } from "../collab/session.js";
import {
  TAB_HELP, ancestorDepth, canLink, commitmentAt, createCollabView, describeShortcut, findCommitment, insertCommitment, linkAt, numberedEntries, passageToComment, removeLink,
  selectPlaceholder, setCommentPassages, setLink, templatePlaceholders, updateCommitment,
  type CommitmentAttrs, type Passage, type PassageAnchor, type PassagePlaces,
} from "../editor/index.js";
import type { LocatedPlaceholder } from "../../../server/shared/placeholders.js";
import type { Charter, Organisation } from "../types.js";
import { useMe } from "./SessionContext.js";
import { Loading } from "./feedback.js";
import { Outline } from "./Outline.js";
import { PresenceList } from "./PresenceList.js";
import { SaveStatus } from "./SaveStatus.js";
import { Toolbar } from "./Toolbar.js";
import { CommitmentDialog } from "./CommitmentDialog.js";
import { LinkDialog } from "./LinkDialog.js";
import { ConfirmDialog } from "./ConfirmDialog.js";
import type { DeletionSummary } from "../editor/largeDeletion.js";
import { CharterDocument } from "./CharterDocument.js";
import { ClosedBanner } from "./ClosedBanner.js";

/** After this long without the live document, the stored text is shown read-only meanwhile. */
const FALLBACK_AFTER_MS = 4000;

type DialogState =
  | { kind: "commitment"; id: string | null; attrs: CommitmentAttrs }
  | { kind: "link"; href: string | null }
  | { kind: "deletion"; summary: DeletionSummary; proceed(): void }
  | null;

/** What the charter page adds to the editor. */
export interface CollabEditorProps {
  charter: Charter;
  onEntries(entries: NumberedEntry[]): void;
  /** The placeholders left in the text, as they change, and how to select one (by its index in that list) in the editor. */
  onPlaceholders?(found: LocatedPlaceholder[], select: (index: number, text: string) => void): void;
  /** The server said the user may now edit, or no longer: the charter is to be loaded again. */
  onAccessChange(): void;
  /** The live session, once opened (and null once closed), for the page's own use of presence. */
  onSession?(session: CollabSession | null): void;
  /** Shown beside the text under the presence list, instead of the outline. */
  aside?: ComponentChildren;
  /** Laid over the text's frame (comment markers); positioned against it. */
  overlay?: ComponentChildren;
  /**
   * With it, a « Commenter » button (and Ctrl+Alt+M): called with the
   * selected passage (or, outside articles, the block holding the cursor),
   * else with the article holding the cursor, else with nothing.
   */
  onComment?(target: { clauseId: string | null; passage: Passage | null }): void;
  /** The threads on passages, shown in the text; `active` highlighted. */
  passages?: { anchors: PassageAnchor[]; active: string | null };
  /** Hears where commented passages start whenever that changes. */
  onPassagePlaces?(places: PassagePlaces): void;
  /**
   * Shown instead of the live text, which stays connected but hidden (presence
   * and announcements go on): the version frozen for approval.
   */
  replacement?: ComponentChildren;
}

/**
 * The charter's text, edited live with everyone in it: toolbar and save
 * status above the text, presence and outline beside it, banners when the
 * server ends the session or the user may only read.
 */
export function CollabEditor(props: CollabEditorProps) {
  const { charter } = props;
  const me = useMe();
  const signatories = charter.signatories ?? [];
  const organisation = signatories.find((o) => o.id == me.user.organisationId)?.name ?? null;

  const [session, setSession] = useState<CollabSession | null>(null);
  const [status, setStatus] = useState<CollabStatus | null>(null);
  const [state, setState] = useState<EditorState | null>(null);
  const [entries, setEntries] = useState<NumberedEntry[]>([]);
  const [placeholders, setPlaceholders] = useState<LocatedPlaceholder[]>([]);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [fallback, setFallback] = useState<unknown>(null);
  /** Characters the editor took out of what the user typed or pasted (the server would refuse them). */
  const [removedNotice, setRemovedNotice] = useState<string | null>(null);
  const place = useRef<HTMLElement>(null);
  const main = useRef<HTMLDivElement>(null);
  const bar = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The view's callbacks outlive renders: they read these.
  const editableRef = useRef(false);
  const signatoriesRef = useRef<Organisation[]>(signatories);
  signatoriesRef.current = signatories;
  const passagePlacesRef = useRef(props.onPassagePlaces);
  passagePlacesRef.current = props.onPassagePlaces;

  useEffect(() => {
    const opened = new CollabSession({
      charterId: charter.id,
      user: { id: me.user.id, name: me.user.name, organisation },
      canEdit: !!charter.abilities["document:edit"],
    });
    setSession(opened);
    setStatus(opened.current);
    props.onSession?.(opened);
    const unsubscribe = opened.subscribe(setStatus);
    return () => {
      unsubscribe();
      props.onSession?.(null);
      view.current?.destroy();
      view.current = null;
      opened.destroy();
    };
  }, [charter.id, me.user.id]);

  const closed = status?.closed ?? null;
  // An expired session can still write to this device's copy: it is sent after logging in again.
  const closedForGood = !!closed && closed.code != CLOSE_CODES.unauthorized;
  const access = status?.access ?? !!charter.abilities["document:edit"];
  const editable = access && !closedForGood;
  editableRef.current = editable;

  // The server's access message can change during the session (role or charter state changed): refresh the charter.
  const lastAccess = useRef<boolean | null>(null);
  useEffect(() => {
    if (status?.access == null) return;
    if (lastAccess.current != null && lastAccess.current != status.access) props.onAccessChange();
    lastAccess.current = status.access;
  }, [status?.access]);

  useEffect(() => {
    view.current?.setProps({});
  }, [editable]);

  const ready = !!status?.ready;
  useEffect(() => {
    if (!session || !ready || view.current || !place.current) return;
    let lastEntries: NumberedEntry[] | null = null;
    let lastPlaceholders: LocatedPlaceholder[] | null = null;
    view.current = createCollabView(place.current, {
      fragment: session.fragment,
      awareness: session.provider.awareness,
      editable: () => editableRef.current,
      commitments: {
        organisationName: (id) => signatoriesRef.current.find((o) => o.id == id)?.name,
        edit: (id) => openCommitment(id),
      },
      actions: {
        commitment: (s, dispatch) => {
          if (!commitmentAt(s) && !insertCommitment(EMPTY_COMMITMENT)(s)) return false;
          if (dispatch) openCommitment(null);
          return true;
        },
        link: (s, dispatch) => {
          if (!canLink(s)) return false;
          if (dispatch) openLink();
          return true;
        },
        confirmDeletion: (summary, proceed) => setDialog({ kind: "deletion", summary, proceed }),
      },
      describedBy: KEYS_HELP_ID,
      onCharactersRemoved: setRemovedNotice,
      onPassagePlaces: (places) => passagePlacesRef.current?.(places),
      onState(next) {
        setState(next);
        const found = numberedEntries(next);
        if (found != lastEntries && !sameEntries(found, lastEntries)) setEntries(found);
        lastEntries = found;
        const left = templatePlaceholders(next);
        if (left != lastPlaceholders && !samePlaceholders(left, lastPlaceholders)) setPlaceholders(left);
        lastPlaceholders = left;
      },
    });
  }, [session, ready]);

  useEffect(() => props.onEntries(entries), [entries]);
  useEffect(() => props.onPlaceholders?.(placeholders, (index, text) => run(selectPlaceholder(index, text))), [placeholders]);

  // The threads' passages go into the editor when they (or the highlighted one) change, not at every render.
  const passagesKey = JSON.stringify(props.passages ?? null);
  useEffect(() => {
    const v = view.current;
    if (v && props.passages) v.dispatch(setCommentPassages(v.state.tr, props.passages.anchors, props.passages.active));
  }, [passagesKey, state != null]);

  // Headings jumped to land below the sticky toolbar, whose height changes as it wraps (keyboard.css).
  useEffect(() => {
    if (!bar.current || !main.current) return;
    const observer = new ResizeObserver(() => main.current?.style.setProperty("--editor-bar-height", `${bar.current!.offsetHeight}px`));
    observer.observe(bar.current);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!removedNotice) return;
    const timer = setTimeout(() => setRemovedNotice(null), 8000);
    return () => clearTimeout(timer);
  }, [removedNotice]);

  // Without the live document for a while (or refused), show the stored text meanwhile.
  useEffect(() => {
    if (ready || fallback) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api<{ document: unknown }>("GET", `/charters/${encodeURIComponent(charter.id)}/document`, { signal: controller.signal }).then(
        (d) => setFallback(d.document),
        () => {},
      );
    }, closed ? 0 : FALLBACK_AFTER_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [ready, !!closed]);

  const run = (command: Command) => {
    const v = view.current;
    if (!v) return;
    command(v.state, v.dispatch, v);
    v.focus();
  };

  function openCommitment(id: string | null) {
    const v = view.current;
    if (!v) return;
    const found = id ? findCommitment(v.state.doc, id) : commitmentAt(v.state);
    if (found) {
      const { party, due, indicator } = found.node.attrs as CommitmentAttrs;
      setDialog({ kind: "commitment", id: found.node.attrs.id as string, attrs: { party, due, indicator } });
    } else setDialog({ kind: "commitment", id: null, attrs: EMPTY_COMMITMENT });
  }

  function openLink() {
    const v = view.current;
    if (!v) return;
    setDialog({ kind: "link", href: linkAt(v.state)?.href ?? null });
  }

  function closeDialog() {
    setDialog(null);
    view.current?.focus();
  }

  const readOnlyReason = useMemo(() => {
    if (editable || closedForGood) return null;
    if (charter.state == "frozen") return "une version est figée pour approbation, la rédaction est suspendue.";
    if (charter.state != "drafting") return `la charte n'est plus en rédaction (${CHARTER_STATE_LABELS[charter.state].toLowerCase()}), son texte ne peut plus être modifié.`;
    if (charter.role != "pilot" && charter.role != "editor") return `votre rôle (${ROLE_LABELS[charter.role]}) permet de consulter le texte, pas de le modifier.`;
    return "vos droits sur cette charte ont changé : vous ne pouvez plus modifier le texte.";
  }, [editable, closedForGood, charter.state, charter.role]);

  const commentTarget = state ? clauseAt(state, entries) : null;
  // A selection left behind when the focus went elsewhere is no passage the user means to comment.
  const [textFocused, setTextFocused] = useState(false);
  useEffect(() => {
    const frame = place.current;
    if (!frame) return;
    const update = () => setTextFocused(!!view.current?.hasFocus());
    frame.addEventListener("focusin", update);
    frame.addEventListener("focusout", update);
    return () => {
      frame.removeEventListener("focusin", update);
      frame.removeEventListener("focusout", update);
    };
  }, []);
  const commentLabel = state ? commentName(state, commentTarget, textFocused) : "Commenter";

  // Ctrl+Alt+M (as in most word processors) comments the selected passage or the article at the cursor, readers included.
  const commentRef = useRef<() => void>(() => {});
  commentRef.current = () => {
    // The passage's positions are made only now: making them walks the shared document.
    const v = view.current;
    const passage = v?.hasFocus() ? passageToComment(v.state) : null;
    props.onComment?.({ clauseId: passage?.clauseId ?? commentTarget?.id ?? null, passage });
  };
  useEffect(() => {
    if (!props.onComment) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.altKey && !event.shiftKey && event.key.toLowerCase() == "m") {
        event.preventDefault();
        commentRef.current();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [!!props.onComment]);

  return (
    <>
      {closed && <ClosedBanner code={closed.code} message={closed.message} session={session} />}
      {status?.editsRefused && (
        <div class="alert alert-warning" role="alert">
          <p>Vos dernières modifications n'ont pas pu être enregistrées : vous ne pouvez plus modifier cette charte.</p>
        </div>
      )}
      {removedNotice && (
        <div class="alert alert-warning" role="status" data-testid="characters-removed">
          <p>{removedNotice}</p>
        </div>
      )}
      <div class="charter-layout">
        <aside class="charter-aside">
          {status && <PresenceList entries={status.presence} />}
          {props.aside ?? (entries.length > 0 && <Outline entries={entries} />)}
        </aside>
        <div class="charter-main" ref={main}>
          {props.replacement}
          <div class="editor-bar" ref={bar} hidden={!!props.replacement}>
            {editable && state ? (
              <Toolbar state={state} run={run} onCommitment={() => openCommitment(null)} onLink={openLink} />
            ) : (
              readOnlyReason && (
                <p class="readonly-note" role="status">
                  <strong>Lecture seule :</strong> {readOnlyReason}
                </p>
              )
            )}
            {props.onComment && ready && (
              <button
                type="button"
                // Beside the toolbar there is only room for the icon; readers have the room for words.
                class={editable ? "tool comment-button" : "button button-small button-secondary comment-button"}
                title={`${commentLabel} (${COMMENT_SHORTCUT.label})`}
                aria-label={commentLabel}
                aria-keyshortcuts={COMMENT_SHORTCUT.aria}
                // Keeps the editor's selection (and focus, until the comment form takes it).
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => commentRef.current()}
              >
                <CommentIcon />
                {!editable && commentLabel}
              </button>
            )}
            {status && <SaveStatus status={status} editable={editable} />}
          </div>
          {!ready && !props.replacement &&
            (fallback ? (
              <>
                <div class="alert alert-info" role="status">
                  <p>L'édition partagée n'est pas disponible pour le moment : voici le dernier texte enregistré, en lecture seule.</p>
                </div>
                <CharterDocument document={fallback} organisations={signatories} onEntries={setEntries} />
              </>
            ) : (
              !closed && <Loading label="Chargement du texte…" />
            ))}
          <div class="document-frame" hidden={!ready || !!props.replacement}>
            <section ref={place} class="document-paper document-editor" aria-label="Texte de la charte" />
            <p id={KEYS_HELP_ID} class="visually-hidden">
              {TAB_HELP}
            </p>
            {ready && props.overlay}
          </div>
        </div>
      </div>
      {dialog?.kind == "commitment" && (
        <CommitmentDialog
          editing={dialog.id != null}
          initial={dialog.attrs}
          signatories={signatories}
          onClose={closeDialog}
          onSubmit={(attrs) => {
            const id = dialog.id;
            setDialog(null);
            run(id ? updateCommitment(id, attrs) : insertCommitment(attrs));
          }}
        />
      )}
      {dialog?.kind == "deletion" && (
        <ConfirmDialog
          title="Supprimer la plus grande partie du texte ?"
          confirmLabel="Supprimer"
          danger
          onClose={closeDialog}
          onConfirm={async () => dialog.proceed()}
        >
          <p>{deletionText(dialog.summary)}</p>
          <p>Chacun le verra disparaître aussitôt. Vous pourrez l'annuler avec {describeShortcut("Mod-Z").label} tant que vous restez sur la page.</p>
        </ConfirmDialog>
      )}
      {dialog?.kind == "link" && (
        <LinkDialog
          initial={dialog.href}
          onClose={closeDialog}
          onSubmit={(href) => {
            setDialog(null);
            run(setLink(href));
          }}
          onRemove={() => {
            setDialog(null);
            run(removeLink);
          }}
        />
      )}
    </>
  );
}

const COMMENT_SHORTCUT = describeShortcut("Mod-Alt-M");

/** Describes Tab and Escape in the editor (its `aria-describedby`). */
const KEYS_HELP_ID = "editor-keys-help";

function deletionText(summary: DeletionSummary): string {
  const characters = `${summary.characters.toLocaleString("fr-FR")} caractères`;
  if (summary.articles >= 2) return `La sélection contient ${summary.articles} articles entiers (${characters}) : ils seront supprimés pour tous les rédacteurs.`;
  return `La sélection contient ${characters}, plus de la moitié du texte : ils seront supprimés pour tous les rédacteurs.`;
}

const EMPTY_COMMITMENT: CommitmentAttrs = { party: null, due: null, indicator: null };

/** The article holding the cursor (or the selection's start), with its number. */
function clauseAt(state: EditorState, entries: NumberedEntry[]): { id: string; number: number } | null {
  const { $from } = state.selection;
  const depth = ancestorDepth($from, "clause");
  if (depth < 0) return null;
  const id = $from.node(depth).attrs.id as string | null;
  const entry = id ? entries.find((e) => e.kind == "clause" && e.id == id) : undefined;
  return id && entry ? { id, number: entry.number } : null;
}

/** What « Commenter » will comment: the selection, the article at the cursor, or the block at the cursor outside articles. */
function commentName(state: EditorState, target: { number: number } | null, focused: boolean): string {
  const { selection } = state;
  if (!focused) return target ? `Commenter l'article ${target.number}` : "Commenter";
  if (!selection.empty && state.doc.textBetween(selection.from, selection.to, " ", " ").trim()) return "Commenter ce passage";
  if (target) return `Commenter l'article ${target.number}`;
  const block = selection.$from.parent;
  if (!block.isTextblock || block.content.size == 0) return "Commenter";
  return block.type.name == "paragraph" ? "Commenter ce paragraphe" : "Commenter ce titre";
}

function CommentIcon() {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
      <path d="M3 4.5h14v9H8l-3.5 3v-3H3z" stroke="currentColor" stroke-width="1.6" fill="none" stroke-linejoin="round" />
    </svg>
  );
}

/** The outline only needs to change when headings, numbers or ids do (not at every keystroke). */
function sameEntries(a: NumberedEntry[], b: NumberedEntry[] | null): boolean {
  if (!b || a.length != b.length) return false;
  return a.every((e, i) => e.kind == b[i].kind && e.number == b[i].number && e.heading == b[i].heading && e.id == b[i].id);
}

/** The « À compléter » panel only needs to change when the placeholders or their places do, not when typing moves them. */
function samePlaceholders(a: LocatedPlaceholder[], b: LocatedPlaceholder[] | null): boolean {
  if (!b || a.length != b.length) return false;
  return a.every((p, i) => p.text == b[i].text && p.where == b[i].where);
}
