import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import "./tableScroll.css";

/**
 * The box of a table that may be wider than the screen (a phone): the table
 * scrolls sideways inside it, never the page. While it does, the box is a
 * region named `label` that takes the focus, so that the keyboard can scroll
 * it (arrow keys) and a screen reader says what it holds (WCAG 2.1.1, 4.1.2);
 * while the table fits, it is a plain box, with no extra Tab stop.
 */
export function TableScroll(props: { label: string; class?: string; children: ComponentChildren }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const element = box.current!;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    // The table's width changes with the screen's and with what it shows (another breakdown).
    const sizes = new ResizeObserver(measure);
    sizes.observe(element);
    if (element.firstElementChild) sizes.observe(element.firstElementChild);
    return () => sizes.disconnect();
  }, []);
  return (
    <div
      ref={box}
      class={`table-wrap table-scroll${props.class ? ` ${props.class}` : ""}`}
      role={scrolls ? "region" : undefined}
      aria-label={scrolls ? `${props.label} (faire défiler horizontalement)` : undefined}
      tabIndex={scrolls ? 0 : undefined}
    >
      {props.children}
    </div>
  );
}
