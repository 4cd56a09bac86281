import * as Y from "yjs";

/** Ranges of deleted items: client id → [clock, length] pairs. */
export type DeleteRanges = Record<string, [number, number][]>;

/** What an update brings, for authorship: the clients that wrote new content, and what it deletes. */
export interface UpdateFacts {
  clients: number[];
  deletions: DeleteRanges | null;
}

/** Reads an update's new-content clients (relative to `doc`) and its delete set. */
export function updateFacts(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>): UpdateFacts {
  const clients = new Set<number>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) clients.add(struct.id.client);
  }
  let deletions: DeleteRanges | null = null;
  for (const [client, ranges] of decoded.ds.clients) {
    if (!ranges.length) continue;
    deletions ??= {};
    deletions[client] = ranges.map((r) => [r.clock, r.len]);
  }
  return { clients: [...clients], deletions };
}
