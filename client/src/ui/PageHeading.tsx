import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { hasNavigated } from "../router.js";

/**
 * A page's main heading. It names the browser tab and, after an in-app
 * navigation, takes the keyboard focus so that screen-reader and keyboard
 * users start reading the new page from its top (not on first load, where
 * the browser's own order is expected).
 */
export function PageHeading(props: { title: string; children?: ComponentChildren; class?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} — Charte`;
  }, [props.title]);
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} class={props.class}>
      {props.children ?? props.title}
    </h1>
  );
}
