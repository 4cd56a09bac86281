import type { ComponentChildren } from "preact";
import { useRef } from "preact/hooks";

/** One tab of a `Tabs` list. */
export interface TabSpec<T extends string> {
  id: T;
  label: ComponentChildren;
}

/** The id of a tab's button and of its panel, for `aria-controls` and `aria-labelledby`. */
export function tabIds(prefix: string, id: string): { tab: string; panel: string } {
  return { tab: `${prefix}-tab-${id}`, panel: `${prefix}-panel-${id}` };
}

/**
 * A row of tabs (ARIA tabs pattern): one tab stop; the arrow keys, Home and
 * End move between tabs and select them at once (their panels are already
 * there, switching costs nothing). Panels are `TabPanel`s with the same prefix.
 */
export function Tabs<T extends string>(props: { label: string; prefix: string; tabs: TabSpec<T>[]; selected: T; onSelect(id: T): void; class?: string }) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.max(0, props.tabs.findIndex((t) => t.id == props.selected));

  function onKeyDown(event: KeyboardEvent) {
    const last = props.tabs.length - 1;
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = (moves[event.key] + props.tabs.length) % props.tabs.length;
    props.onSelect(props.tabs[next].id);
    buttons.current[next]?.focus();
  }

  return (
    <div class={"tabs " + (props.class ?? "")} role="tablist" aria-label={props.label} onKeyDown={onKeyDown}>
      {props.tabs.map((tab, i) => {
        const ids = tabIds(props.prefix, tab.id);
        const selected = i == index;
        return (
          <button
            key={tab.id}
            ref={(el) => void (buttons.current[i] = el)}
            type="button"
            role="tab"
            id={ids.tab}
            class="tab"
            aria-selected={selected}
            aria-controls={ids.panel}
            tabIndex={selected ? 0 : -1}
            onClick={() => props.onSelect(tab.id)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

/** The panel of one tab; hidden, not unmounted, while another tab is selected (the live editor keeps its session). */
export function TabPanel(props: { prefix: string; id: string; selected: boolean; children: ComponentChildren; class?: string }) {
  const ids = tabIds(props.prefix, props.id);
  return (
    <div role="tabpanel" id={ids.panel} aria-labelledby={ids.tab} hidden={!props.selected} tabIndex={-1} class={props.class}>
      {props.children}
    </div>
  );
}
