import type { PresenceEntry } from "../collab/presence.js";

/** Who is in the document now: colour (as their cursor), name, organisation, and whether they write or read. */
export function PresenceList(props: { entries: PresenceEntry[] }) {
  return (
    <section class="presence" aria-labelledby="presence-title">
      <h2 id="presence-title" class="aside-title">
        Dans le document <span class="presence-count">({props.entries.length})</span>
      </h2>
      <ul class="presence-list">
        {props.entries.map((entry) => (
          <li key={entry.userId} class="presence-entry">
            <span class="presence-swatch" style={{ backgroundColor: entry.color }} aria-hidden="true" />
            <span class="presence-who">
              <span class="presence-name">
                {entry.name}
                {entry.self && <span class="you"> (vous)</span>}
              </span>
              {entry.organisation && <span class="presence-org">{entry.organisation}</span>}
            </span>
            <span class={"presence-mode presence-mode-" + entry.mode}>{entry.mode == "editing" ? "rédige" : "consulte"}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
