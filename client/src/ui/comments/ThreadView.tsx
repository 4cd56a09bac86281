import { useEffect, useRef, useState } from "preact/hooks";
import { asApiError, type ApiError } from "../../api.js";
import { formatDateTime } from "../../format.js";
import type { Comment, Thread } from "../../types.js";
import { ErrorAlert } from "../feedback.js";
import { CommentForm } from "./CommentForm.js";

/** One comment: who wrote it, from which organisation, when, and what. */
export function CommentView(props: { comment: Comment }) {
  const { comment } = props;
  return (
    <div class="comment">
      <p class="comment-head">
        <span class="comment-author">{comment.author.name}</span>
        {comment.author.organisation && <span class="comment-org">{comment.author.organisation}</span>}
        <time class="comment-date" dateTime={comment.createdAt}>
          {formatDateTime(comment.createdAt)}
        </time>
      </p>
      <p class="comment-body">{comment.body}</p>
    </div>
  );
}

/** The passage a thread is about, as it read when commented; said to be gone when its text was deleted. */
export function PassageQuote(props: { quote: string; gone?: boolean }) {
  return (
    <figure class={"thread-quote" + (props.gone ? " thread-quote-gone" : "")}>
      <blockquote>
        <p>{props.quote}</p>
      </blockquote>
      {props.gone && <figcaption>Passage supprimé du texte</figcaption>}
    </figure>
  );
}

/**
 * A discussion on a clause or a passage: the passage's quote, its first
 * comment, the replies, and the buttons to reply and to resolve or reopen it
 * (for those the server lets). Pointing at it or moving the focus into it
 * highlights its passage in the text (`onActive`).
 */
export function ThreadView(props: {
  thread: Thread;
  canWrite: boolean;
  /** Whether the passage's text is all gone from the document. */
  passageGone?: boolean;
  onReply(body: string): Promise<void>;
  onResolve(resolved: boolean): Promise<void>;
  onActive?(active: boolean): void;
}) {
  const { thread } = props;
  const [replying, setReplying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const replyCount = thread.replies.length;
  const replyButton = useRef<HTMLButtonElement>(null);
  const wasReplying = useRef(false);

  // Closing the reply form (sent or given up) gives the focus back to « Répondre ».
  useEffect(() => {
    if (wasReplying.current && !replying) replyButton.current?.focus();
    wasReplying.current = replying;
  }, [replying]);

  async function resolve(resolved: boolean) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await props.onResolve(resolved);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <article
      class={"thread" + (thread.resolved ? " thread-resolved" : "")}
      aria-label={`Discussion lancée par ${thread.author.name}${thread.quote ? " sur un passage" : ""}${thread.resolved ? " (résolue)" : ""}`}
      data-thread-id={thread.id}
      onMouseEnter={() => props.onActive?.(true)}
      onMouseLeave={() => props.onActive?.(false)}
      onFocusIn={() => props.onActive?.(true)}
      onFocusOut={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) props.onActive?.(false);
      }}
    >
      {thread.resolved && <p class="thread-state">Résolue</p>}
      {thread.quote && <PassageQuote quote={thread.quote} gone={props.passageGone} />}
      <CommentView comment={thread} />
      {replyCount > 0 && (
        <ol class="thread-replies" aria-label={replyCount > 1 ? `${replyCount} réponses` : "1 réponse"}>
          {thread.replies.map((reply) => (
            <li key={reply.id}>
              <CommentView comment={reply} />
            </li>
          ))}
        </ol>
      )}
      <ErrorAlert error={error} />
      {replying ? (
        <CommentForm
          label={`Votre réponse à ${thread.author.name}`}
          submitLabel="Répondre"
          autoFocus
          onSubmit={async (body) => {
            await props.onReply(body);
            setReplying(false);
          }}
          onCancel={() => setReplying(false)}
        />
      ) : (
        <div class="thread-actions">
          {props.canWrite && !thread.resolved && (
            <button ref={replyButton} type="button" class="button button-small button-tertiary" onClick={() => setReplying(true)}>
              Répondre
            </button>
          )}
          {thread.canResolve && (
            <button type="button" class="button button-small button-tertiary" aria-disabled={busy ? "true" : undefined} onClick={() => void resolve(!thread.resolved)}>
              {thread.resolved ? "Rouvrir la discussion" : "Marquer comme résolue"}
            </button>
          )}
        </div>
      )}
    </article>
  );
}
