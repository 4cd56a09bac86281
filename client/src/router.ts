import { useEffect, useState } from "preact/hooks";

/*
 * A small router on the history API: the server answers every non-API path
 * with index.html, so pages have real addresses (/chartes/…), not hashes.
 */

const listeners = new Set<() => void>();
let navigations = 0;

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener("popstate", () => {
  navigations++;
  notify();
});

/** Goes to `to` (a path of this site) without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  navigations++;
  window.scrollTo(0, 0);
  notify();
}

/** Whether the user has moved within the app since it loaded (focus is then moved to the new page's heading). */
export function hasNavigated(): boolean {
  return navigations > 0;
}

/** The current path and query, re-rendering the caller when they change. */
export function useLocation(): string {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const listener = () => setLocation(currentLocation());
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return location;
}

function currentLocation(): string {
  return window.location.pathname + window.location.search;
}

/** Matches a pattern such as `/chartes/:id` against a path; returns the decoded parameters, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const have = path.split("?")[0].replace(/\/$/, "").split("/");
  if (want.length != have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) params[want[i].slice(1)] = decodeURIComponent(have[i]);
    else if (want[i] != have[i]) return null;
  }
  return params;
}

/**
 * Turns clicks on links to this site into in-app navigations. Clicks with a
 * modifier key (new tab…), links with a target, downloads and in-page
 * anchors keep the browser's behaviour.
 */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button != 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element).closest("a");
    if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute("download")) return;
    if (link.origin != window.location.origin || link.pathname.startsWith("/api/")) return;
    if (link.pathname == window.location.pathname && link.search == window.location.search && link.hash) return;
    event.preventDefault();
    navigate(link.pathname + link.search + link.hash);
  });
}
