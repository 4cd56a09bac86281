import type { TrackedCommitment } from "./types.js";

/**
 * Several commitments may share an article: each is named by its rank in it
 * (« Article 7, engagement 2 »), for headings and form names, the same way on
 * every screen of the « Suivi » tab.
 */
export function commitmentNames(commitments: TrackedCommitment[]): Map<string, string> {
  const names = new Map<string, string>();
  const perArticle = new Map<number, number>();
  for (const c of commitments) {
    const rank = (perArticle.get(c.article.number) ?? 0) + 1;
    perArticle.set(c.article.number, rank);
    names.set(c.id, `Article ${c.article.number}, engagement ${rank}`);
  }
  return names;
}
