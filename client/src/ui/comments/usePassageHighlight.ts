import { useMemo, useState } from "preact/hooks";
import type { PassageAnchor, PassagePlaces } from "../../editor/commentPassages.js";
import type { Thread } from "../../types.js";
import type { SidebarView } from "../CharterSidebar.js";

/** The id under which the passage being commented (not yet a thread) is shown. */
export const NEW_PASSAGE = "nouveau-passage";

/**
 * Which passages the text shows and which one it highlights: the thread
 * pointed at or focused in the panel, else the one the panel shows alone,
 * else the passage being commented. Also keeps where passages are now, as
 * the editor reports it, for the panel (order, « passage supprimé »).
 */
export function usePassageHighlight(threads: Thread[], sidebar: SidebarView) {
  const [hovered, setHovered] = useState<string | null>(null);
  const [places, setPlaces] = useState<PassagePlaces>(new Map());
  const comments = sidebar.kind == "comments" ? sidebar : null;
  const active = hovered ?? comments?.threadId ?? (comments?.passage ? NEW_PASSAGE : null);
  const anchors = useMemo(() => {
    const out: PassageAnchor[] = threads.filter((t) => t.anchor).map((t) => ({ id: t.id, anchor: t.anchor!, resolved: t.resolved }));
    if (comments?.passage) out.push({ id: NEW_PASSAGE, anchor: comments.passage.anchor, resolved: false });
    return out;
  }, [threads, comments?.passage]);
  return {
    editor: { anchors, active },
    places,
    setPlaces,
    setHovered,
    /** Scrolls the text to a thread's passage and, in an editable text, puts the cursor at its start (keyboard users go on from there). */
    show(threadId: string) {
      const passage = document.querySelector<HTMLElement>(`.document-editor [data-comment-thread="${CSS.escape(threadId)}"]`);
      if (!passage) return;
      passage.scrollIntoView({ block: "center" });
      const editor = passage.closest<HTMLElement>('.ProseMirror[contenteditable="true"]');
      if (!editor) return;
      editor.focus({ preventScroll: true });
      // The editor reads the browser's selection into its own.
      window.getSelection()?.collapse(passage.firstChild ?? passage, 0);
    },
  };
}
