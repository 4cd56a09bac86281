import type { Awareness } from "y-protocols/awareness";

/** What, beside the text, others may have to reload when it changes. */
export type SignalTopic = "comments" | "versions" | "charter";

/** The presence field holding this client's counters, one per topic. */
const FIELD = "changed";

type Counters = Partial<Record<SignalTopic, number>>;

/**
 * Tells the others in the document that something beside the text changed
 * (a comment posted, a version saved, the charter frozen or reopened), so
 * that their pages reload it now rather than at their next visit.
 *
 * The text is shared through Yjs, but comments, versions and the charter's
 * state come from the REST API, which pushes nothing. The presence channel
 * already reaches everyone in the document, readers included: each client
 * keeps a counter per topic in its presence state and bumps it after a
 * change; the others notice the new value. It is only a hint to reload (what
 * is shown always comes from the API), and changes made where nobody is
 * connected are simply seen at the next load.
 */
export function sendSignal(awareness: Awareness, topic: SignalTopic): void {
  const counters: Counters = { ...(awareness.getLocalState()?.[FIELD] as Counters | undefined) };
  counters[topic] = (counters[topic] ?? 0) + 1;
  awareness.setLocalStateField(FIELD, counters);
}

/**
 * Calls `listener` with each topic another client signals from now on;
 * returns the function that stops listening. Counters of clients that
 * join are noted, not taken as signals (they changed nothing just now).
 */
export function listenToSignals(awareness: Awareness, listener: (topic: SignalTopic) => void): () => void {
  const seen = new Map<number, Counters>();
  for (const [client, state] of awareness.getStates()) seen.set(client, countersOf(state));

  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    for (const client of removed) seen.delete(client);
    for (const client of [...added, ...updated]) {
      if (client == awareness.clientID) continue;
      const now = countersOf(awareness.getStates().get(client));
      const before = seen.get(client);
      seen.set(client, now);
      if (!before) continue;
      for (const topic of Object.keys(now) as SignalTopic[]) if (now[topic] != before[topic]) listener(topic);
    }
  };
  awareness.on("change", onChange);
  return () => awareness.off("change", onChange);
}

function countersOf(state: Record<string, unknown> | undefined): Counters {
  const value = state?.[FIELD];
  if (!value || typeof value != "object") return {};
  const out: Counters = {};
  for (const topic of ["comments", "versions", "charter"] as const) {
    const n = (value as Record<string, unknown>)[topic];
    if (typeof n == "number") out[topic] = n;
  }
  return out;
}
