import type { ComponentChildren } from "preact";
import { useRef, useState } from "preact/hooks";
import type { Command, EditorState } from "prosemirror-state";
import { redoCommand, undoCommand } from "y-prosemirror";
import { charterSchema as schema } from "../../../server/shared/schema.js";
import {
  SHORTCUTS, canLink, commitmentAt, describeShortcut, insertClause, insertCommitment, insertSection, liftItem, linkAt,
  listTypeAt, markActive, sinkItem, toggleEm, toggleList, toggleStrong,
} from "../editor/index.js";

/** One toolbar button. */
interface Tool {
  key: string;
  /** Accessible name; it contains the visible text (WCAG « label in name »). */
  name: string;
  content: ComponentChildren;
  shortcut?: string;
  /** Whether the button is on (marks and lists), for `aria-pressed`. */
  pressed?: boolean;
  enabled: boolean;
  run(): void;
  /** Starts a new group (a separator before it). */
  group?: boolean;
}

const bulletList = toggleList(schema.nodes.bullet_list);
const orderedList = toggleList(schema.nodes.ordered_list);
const newClause = insertClause();
const NO_COMMITMENT = insertCommitment({ party: null, due: null, indicator: null });

/**
 * The editor's toolbar: structure (title, article, commitment), formatting
 * (bold, italic, lists, indent, link) and history. One tab stop; the arrow
 * keys, Home and End move between buttons (ARIA toolbar pattern). Buttons
 * keep the editor's focus and selection when clicked.
 */
export function Toolbar(props: { state: EditorState; run(command: Command): void; onCommitment(): void; onLink(): void }) {
  const { state, run } = props;
  const [current, setCurrent] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const can = (command: Command) => command(state);
  const inCommitment = !!commitmentAt(state);
  const list = listTypeAt(state);

  const tools: Tool[] = [
    { key: "section", name: "Nouveau titre", content: <><Plus />Titre</>, shortcut: SHORTCUTS.section, enabled: can(insertSection), run: () => run(insertSection) },
    { key: "clause", name: "Nouvel article", content: <><Plus />Article</>, shortcut: SHORTCUTS.clause, enabled: can(newClause), run: () => run(newClause) },
    inCommitment
      ? { key: "commitment", name: "Modifier l'engagement", content: "Modifier l'engagement", shortcut: SHORTCUTS.commitment, enabled: true, run: props.onCommitment }
      : { key: "commitment", name: "Nouvel engagement", content: <><Plus />Engagement</>, shortcut: SHORTCUTS.commitment, enabled: can(NO_COMMITMENT), run: props.onCommitment },
    { key: "strong", name: "Gras", content: <b>G</b>, shortcut: SHORTCUTS.strong, pressed: markActive(state, schema.marks.strong), enabled: can(toggleStrong), run: () => run(toggleStrong), group: true },
    { key: "em", name: "Italique", content: <i class="tool-italic">I</i>, shortcut: SHORTCUTS.em, pressed: markActive(state, schema.marks.em), enabled: can(toggleEm), run: () => run(toggleEm) },
    { key: "bullet", name: "Liste à puces", content: <Icon path={BULLET} />, shortcut: SHORTCUTS.bulletList, pressed: list == schema.nodes.bullet_list, enabled: can(bulletList), run: () => run(bulletList) },
    { key: "ordered", name: "Liste numérotée", content: <Icon path={ORDERED} />, shortcut: SHORTCUTS.orderedList, pressed: list == schema.nodes.ordered_list, enabled: can(orderedList), run: () => run(orderedList) },
    { key: "lift", name: "Diminuer le retrait", content: <Icon path={OUTDENT} />, shortcut: SHORTCUTS.lift, enabled: can(liftItem), run: () => run(liftItem) },
    { key: "sink", name: "Augmenter le retrait", content: <Icon path={INDENT} />, shortcut: SHORTCUTS.sink, enabled: can(sinkItem), run: () => run(sinkItem) },
    { key: "link", name: linkAt(state) ? "Modifier le lien" : "Lien", content: <Icon path={LINK} />, shortcut: SHORTCUTS.link, pressed: !!linkAt(state), enabled: canLink(state), run: props.onLink },
    { key: "undo", name: "Annuler", content: <Icon path={UNDO} />, shortcut: SHORTCUTS.undo, enabled: !!undoCommand(state), run: () => run(undoCommand), group: true },
    { key: "redo", name: "Rétablir", content: <Icon path={REDO} />, shortcut: SHORTCUTS.redo, enabled: !!redoCommand(state), run: () => run(redoCommand) },
  ];
  const active = Math.min(current, tools.length - 1);

  function onKeyDown(event: KeyboardEvent) {
    const moves: Record<string, number> = { ArrowRight: active + 1, ArrowLeft: active - 1, Home: 0, End: tools.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = (moves[event.key] + tools.length) % tools.length;
    setCurrent(next);
    buttons.current[next]?.focus();
  }

  return (
    <div class="toolbar" role="toolbar" aria-label="Mise en forme du texte" onKeyDown={onKeyDown}>
      {tools.map((tool, i) => {
        const shortcut = tool.shortcut ? describeShortcut(tool.shortcut) : null;
        return (
          <button
            key={tool.key}
            ref={(el) => void (buttons.current[i] = el)}
            type="button"
            class={"tool" + (tool.group ? " tool-group-start" : "")}
            tabIndex={i == active ? 0 : -1}
            aria-label={tool.name}
            aria-pressed={tool.pressed === undefined ? undefined : tool.pressed}
            aria-disabled={tool.enabled ? undefined : "true"}
            aria-keyshortcuts={shortcut?.aria}
            title={tool.name + (shortcut ? ` (${shortcut.label})` : "")}
            // Keeps the focus, and so the selection, in the editor.
            onMouseDown={(event) => event.preventDefault()}
            onFocus={() => setCurrent(i)}
            onClick={() => {
              if (tool.enabled) tool.run();
            }}
          >
            {tool.content}
          </button>
        );
      })}
    </div>
  );
}

function Plus() {
  return (
    <svg class="tool-plus" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path d="M8 2v12M2 8h12" stroke="currentColor" stroke-width="2" fill="none" />
    </svg>
  );
}

function Icon(props: { path: string }) {
  return (
    <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
      <path d={props.path} stroke="currentColor" stroke-width="1.6" fill="none" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

const BULLET = "M8 5h9M8 10h9M8 15h9M3.5 5h.01M3.5 10h.01M3.5 15h.01";
const ORDERED = "M8 5h9M8 10h9M8 15h9M3 3.5l1.2-.7V7M2.8 11.5c.2-.8 2.2-.9 2.2.2 0 .8-2.2 1.6-2.2 2.3H5M2.8 16.3c.3.7 2.2.8 2.2-.2s-1.3-.8-1.3-.8 1.2 0 1.2-.8-1.8-.8-2-.2";
const OUTDENT = "M9 5h8M9 10h8M9 15h8M6 7.5 3.5 10 6 12.5";
const INDENT = "M9 5h8M9 10h8M9 15h8M3.5 7.5 6 10l-2.5 2.5";
const LINK = "M8.5 11.5a3.2 3.2 0 0 0 4.6 0l2.6-2.6a3.2 3.2 0 0 0-4.6-4.6l-1 1M11.5 8.5a3.2 3.2 0 0 0-4.6 0l-2.6 2.6a3.2 3.2 0 0 0 4.6 4.6l1-1";
const UNDO = "M7 4 3.5 7.5 7 11M3.5 7.5h8a4.5 4.5 0 0 1 0 9H8";
const REDO = "M13 4l3.5 3.5L13 11M16.5 7.5h-8a4.5 4.5 0 0 0 0 9H12";
