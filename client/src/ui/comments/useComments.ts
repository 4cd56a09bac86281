import { api } from "../../api.js";
import type { Comment, Thread } from "../../types.js";
import { useResource } from "../useResource.js";

/** A charter's comment threads and what can be done to them. */
export interface CommentsStore {
  threads: Thread[];
  /** Whether the first load is over (its error in `error`). */
  loaded: boolean;
  error: ReturnType<typeof useResource>["error"];
  reload(): void;
  /** Comments on a clause, or replies to a thread (`parentId`). Throws the server's error. */
  post(clauseId: string, body: string, parentId?: string): Promise<Comment>;
  /** Resolves or reopens a thread. Throws the server's error. */
  setResolved(threadId: string, resolved: boolean): Promise<void>;
}

/**
 * Loads a charter's comment threads, and posts, replies, resolves and
 * reopens them; after each change the threads are loaded again (the server
 * tells the others).
 */
export function useComments(charterId: string): CommentsStore {
  const base = `/charters/${encodeURIComponent(charterId)}/comments`;
  const resource = useResource((signal) => api<{ threads: Thread[] }>("GET", base, { signal }).then((r) => r.threads), [charterId]);

  return {
    threads: resource.data ?? [],
    loaded: resource.data !== undefined || resource.error !== undefined,
    error: resource.error,
    reload: resource.reload,
    async post(clauseId, body, parentId) {
      const { comment } = await api<{ comment: Comment }>("POST", base, { body: parentId ? { clauseId, body, parentId } : { clauseId, body } });
      resource.reload();
      return comment;
    },
    async setResolved(threadId, resolved) {
      await api("PATCH", `${base}/${encodeURIComponent(threadId)}`, { body: { resolved } });
      resource.reload();
    },
  };
}

/** How many discussions a clause has, open and resolved, and how many comments the open ones hold. */
export interface ClauseComments {
  open: number;
  resolved: number;
  /** Comments and replies in the open discussions. */
  openComments: number;
}

/** The discussions of each clause, by clause id. */
export function commentsByClause(threads: Thread[]): Map<string, ClauseComments> {
  const out = new Map<string, ClauseComments>();
  for (const thread of threads) {
    const entry = out.get(thread.clauseId) ?? { open: 0, resolved: 0, openComments: 0 };
    if (thread.resolved) entry.resolved++;
    else {
      entry.open++;
      entry.openComments += 1 + thread.replies.length;
    }
    out.set(thread.clauseId, entry);
  }
  return out;
}
