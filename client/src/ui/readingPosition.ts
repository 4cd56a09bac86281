import { useEffect, useState } from "preact/hooks";

/** Sent on `window` when a heading was jumped to, with its id. */
const JUMPED = "charte:jumped";

/** The heading last jumped to: it stays the reader's position while it is on screen, even near the page's end where it cannot reach the top. */
let pinned: string | null = null;

/** Tells `useReadingPosition` that the reader chose a heading (outline, link). */
export function markJumped(id: string): void {
  pinned = id;
  window.dispatchEvent(new CustomEvent(JUMPED));
}

/**
 * The id, among `ids` (the headings' anchors, in the document's order), of
 * the heading the reader is at: the last one that scrolled past the top of
 * the view, below the sticky toolbar; null above the first one. Measured at
 * most once a frame on scroll and resize.
 */
export function useReadingPosition(ids: string[]): string | null {
  const [current, setCurrent] = useState<string | null>(null);
  const key = ids.join(" ");

  useEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      const top = Math.max(0, document.querySelector(".editor-bar")?.getBoundingClientRect().bottom ?? 0);
      setCurrent(positionOf(ids, top));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    schedule();
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    window.addEventListener(JUMPED, schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
      window.removeEventListener(JUMPED, schedule);
    };
  }, [key]);

  return current;
}

/** Headings land 1rem below the toolbar (scroll-margin-top): a little more than that counts as reached. */
const REACHED_PX = 32;

function positionOf(ids: string[], top: number): string | null {
  if (pinned && ids.includes(pinned)) {
    const rect = document.getElementById(pinned)?.getBoundingClientRect();
    if (rect && rect.bottom > top && rect.top < window.innerHeight) return pinned;
    pinned = null;
  }
  let found: string | null = null;
  for (const id of ids) {
    const heading = document.getElementById(id);
    if (!heading) continue;
    if (heading.getBoundingClientRect().top > top + REACHED_PX) break;
    found = id;
  }
  return found;
}
