import { useEffect, useRef, useState } from "preact/hooks";
import type { ClauseComments, PassageComments } from "./useComments.js";

/** Where a clause sits in the document's frame: from its heading's top to its end. */
interface Place {
  top: number;
  height: number;
}

/** Markers closer than this (px) are pushed down, so that two passages on one line get two buttons. */
const MARKER_SPACING = 26;

/**
 * The comment markers in the document's margin: next to each article that
 * has discussions, and next to each commented passage outside articles
 * (title, preamble, a section's heading or introduction), a button with the
 * number of comments in the open ones (a tick when they are all resolved),
 * which opens them; and a bar along the article whose discussions are shown.
 *
 * The markers are buttons of their own, beside the editor rather than inside
 * its editable content, placed over the margin from the articles' positions
 * (`article[data-clause-id]`) and passages (`[data-comment-thread]`, see
 * `commentPassagesPlugin`), measured again whenever the text or the page's
 * width changes. Mount it inside the element that holds the editor, which
 * must be positioned.
 */
export function CommentMarkers(props: {
  counts: Map<string, ClauseComments>;
  /** « l'article 3 », for the buttons' names. */
  clauseName(clauseId: string): string;
  active: string | null;
  /** The id of the panel the markers open. */
  controls: string;
  onOpen(clauseId: string): void;
  /** The discussions on passages outside articles, by thread id. */
  passages: Map<string, PassageComments>;
  onOpenThread(threadId: string): void;
}) {
  const layer = useRef<HTMLDivElement>(null);
  const [places, setPlaces] = useState<Map<string, Place>>(new Map());
  const [passagePlaces, setPassagePlaces] = useState<Map<string, Place>>(new Map());

  useEffect(() => {
    const own = layer.current!;
    const frame = own.parentElement!;
    let frameRequest = 0;
    const measure = () => {
      frameRequest = 0;
      const base = frame.getBoundingClientRect();
      const next = new Map<string, Place>();
      for (const article of frame.querySelectorAll<HTMLElement>(".ProseMirror article[data-clause-id]")) {
        const id = article.dataset.clauseId;
        if (!id || next.has(id)) continue;
        const top = (article.querySelector("h3") ?? article).getBoundingClientRect().top;
        next.set(id, { top: Math.round(top - base.top), height: Math.round(article.getBoundingClientRect().bottom - top) });
      }
      setPlaces((previous) => (samePlaces(previous, next) ? previous : next));
      const passages: [string, Place][] = [];
      for (const span of frame.querySelectorAll<HTMLElement>(".ProseMirror [data-comment-thread]")) {
        const id = span.dataset.commentThread!;
        if (!passages.some(([seen]) => seen == id)) passages.push([id, { top: Math.round(span.getBoundingClientRect().top - base.top), height: 0 }]);
      }
      passages.sort((a, b) => a[1].top - b[1].top);
      for (let i = 1; i < passages.length; i++) passages[i][1].top = Math.max(passages[i][1].top, passages[i - 1][1].top + MARKER_SPACING);
      const nextPassages = new Map(passages);
      setPassagePlaces((previous) => (samePlaces(previous, nextPassages) ? previous : nextPassages));
    };
    const schedule = () => {
      if (!frameRequest) frameRequest = requestAnimationFrame(measure);
    };
    const mutations = new MutationObserver((records) => {
      // Our own markers moving is no reason to measure again.
      if (records.some((r) => !own.contains(r.target))) schedule();
    });
    mutations.observe(frame, { childList: true, subtree: true, characterData: true });
    // Also catches the tab being shown again (its size goes from nothing to something).
    const sizes = new ResizeObserver(schedule);
    sizes.observe(frame);
    schedule();
    return () => {
      mutations.disconnect();
      sizes.disconnect();
      if (frameRequest) cancelAnimationFrame(frameRequest);
    };
  }, []);

  const activePlace = props.active ? places.get(props.active) : undefined;
  const marker = (id: string, place: Place, count: ClauseComments, name: string, attrs: Record<string, string>, open: () => void) => {
    const label = count.open
      ? `${count.openComments} ${count.openComments > 1 ? "commentaires" : "commentaire"} sur ${name}`
      : `Discussions résolues sur ${name}`;
    return (
      <button
        key={id}
        type="button"
        class={"comment-marker" + (count.open ? "" : " comment-marker-resolved") + (props.active == id ? " comment-marker-active" : "")}
        style={{ top: `${place.top}px` }}
        aria-label={label}
        title={label}
        aria-expanded={props.active == id}
        aria-controls={props.controls}
        {...attrs}
        onClick={open}
      >
        <svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true" focusable="false">
          <path d="M3 4.5h14v9H8l-3.5 3v-3H3z" fill="currentColor" />
        </svg>
        <span class="comment-marker-count">{count.open ? count.openComments : "✓"}</span>
      </button>
    );
  };
  return (
    <div ref={layer} class="comment-layer">
      {activePlace && <div class="comment-focus-bar" style={{ top: `${activePlace.top}px`, height: `${activePlace.height}px` }} aria-hidden="true" />}
      {[...places].map(([id, place]) => {
        const count = props.counts.get(id);
        return count ? marker(id, place, count, props.clauseName(id), { "data-clause-id": id }, () => props.onOpen(id)) : null;
      })}
      {[...passagePlaces].map(([id, place]) => {
        const count = props.passages.get(id);
        return count ? marker(id, place, count, passageName(count.quote), { "data-thread-id": id }, () => props.onOpenThread(id)) : null;
      })}
    </div>
  );
}

/** « le passage « Vu la loi… » », so that two markers on one line have names of their own. */
function passageName(quote: string): string {
  const short = quote.length > 40 ? quote.slice(0, 39).trimEnd() + "…" : quote;
  return short ? `le passage « ${short} »` : "un passage";
}

function samePlaces(a: Map<string, Place>, b: Map<string, Place>): boolean {
  if (a.size != b.size) return false;
  const left = [...a];
  const right = [...b];
  return left.every(([id, p], i) => right[i][0] == id && right[i][1].top == p.top && right[i][1].height == p.height);
}
