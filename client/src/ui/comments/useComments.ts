import { api } from "../../api.js";
import type { Comment, Thread } from "../../types.js";
import type { Passage } from "../../editor/commentPassages.js";
import { useResource } from "../useResource.js";

/** What a new comment is about: a whole clause, a passage, or a thread it replies to. */
export type CommentPlace = { clauseId: string } | { passage: Passage } | { parentId: string };

/** A charter's comment threads and what can be done to them. */
export interface CommentsStore {
  threads: Thread[];
  /** Whether the first load is over (its error in `error`). */
  loaded: boolean;
  error: ReturnType<typeof useResource>["error"];
  reload(): void;
  /** Comments on a clause or a passage, or replies to a thread. Throws the server's error. */
  post(place: CommentPlace, body: string): Promise<Comment>;
  /** Resolves or reopens a thread. Throws the server's error. */
  setResolved(threadId: string, resolved: boolean): Promise<void>;
}

/**
 * Loads a charter's comment threads, and posts, replies, resolves and
 * reopens them; after each change the threads are loaded again (the server
 * tells the others). `beforePost` waits for edits still on their way to the
 * server: a passage's positions name characters the server must already hold.
 */
export function useComments(charterId: string, beforePost: () => Promise<void> = () => Promise.resolve()): CommentsStore {
  const base = `/charters/${encodeURIComponent(charterId)}/comments`;
  const resource = useResource((signal) => api<{ threads: Thread[] }>("GET", base, { signal }).then((r) => r.threads), [charterId]);

  return {
    threads: resource.data ?? [],
    loaded: resource.data !== undefined || resource.error !== undefined,
    error: resource.error,
    reload: resource.reload,
    async post(place, body) {
      let payload: Record<string, unknown>;
      if ("passage" in place) {
        await beforePost();
        payload = { anchor: place.passage.anchor, ...(place.passage.clauseId ? { clauseId: place.passage.clauseId } : {}), body };
      } else payload = { ...place, body };
      const { comment } = await api<{ comment: Comment }>("POST", base, { body: payload });
      resource.reload();
      return comment;
    },
    async setResolved(threadId, resolved) {
      await api("PATCH", `${base}/${encodeURIComponent(threadId)}`, { body: { resolved } });
      resource.reload();
    },
  };
}

/** How many discussions a clause (or a passage) has, open and resolved, and how many comments the open ones hold. */
export interface ClauseComments {
  open: number;
  resolved: number;
  /** Comments and replies in the open discussions. */
  openComments: number;
}

/** The discussions of each clause, by clause id (passages in a clause count for it). */
export function commentsByClause(threads: Thread[]): Map<string, ClauseComments> {
  const out = new Map<string, ClauseComments>();
  for (const thread of threads) if (thread.clauseId) count(out, thread.clauseId, thread);
  return out;
}

/** A discussion on a passage outside articles, counted as a clause's are, with its passage's quote. */
export type PassageComments = ClauseComments & { quote: string };

/** The discussions on passages outside articles, by thread id: each has its own marker. */
export function commentsByPassage(threads: Thread[]): Map<string, PassageComments> {
  const out = new Map<string, PassageComments>();
  for (const thread of threads)
    if (!thread.clauseId && thread.anchor) {
      out.set(thread.id, { open: 0, resolved: 0, openComments: 0, quote: thread.quote ?? "" });
      count(out, thread.id, thread);
    }
  return out;
}

function count<T extends ClauseComments>(out: Map<string, T>, key: string, thread: Thread) {
  const entry = out.get(key) ?? ({ open: 0, resolved: 0, openComments: 0 } as T);
  if (thread.resolved) entry.resolved++;
  else {
    entry.open++;
    entry.openComments += 1 + thread.replies.length;
  }
  out.set(key, entry);
}
