import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { apiFile, asApiError, type ApiError } from "../../api.js";
import { ErrorAlert } from "../feedback.js";
import { menuSide, type MenuSide } from "./menuSide.js";
import "./downloads.css";

/** The formats a charter can be downloaded in. */
const FORMATS = [
  { id: "pdf", label: "PDF", hint: "pour lire, imprimer ou archiver" },
  { id: "docx", label: "DOCX", hint: "pour un traitement de texte" },
] as const;

type Format = (typeof FORMATS)[number]["id"];

/**
 * « Télécharger »: a menu button (WAI-ARIA pattern) for the formats a text of
 * the charter (the live draft, or one version) can be downloaded in. Opening
 * puts the focus on the first format (the last with Up); Up / Down, Home /
 * End move between formats; Escape closes and gives the focus back to the
 * button. The menu opens on the side of the button where it fits on screen.
 * The file is made by the server and fetched with the session's token, then
 * handed to the browser as a download.
 */
export function DownloadMenu(props: {
  charterId: string;
  /** `draft`, or a version id. */
  version: string;
  /** What is downloaded, after « Télécharger »: « le projet en cours », « la version 3 ». */
  what: string;
  /** A small button (the default), as in a row of actions. */
  small?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState("");
  const [side, setSide] = useState<MenuSide>("end");
  const [focusOnOpen, setFocusOnOpen] = useState<"first" | "last">("first");
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const panelId = `download-${props.version}`;
  const menuId = `download-menu-${props.version}`;
  const titleId = `download-title-${props.version}`;

  function openMenu(focus: "first" | "last") {
    setFocusOnOpen(focus);
    setOpen(true);
  }

  // Before the open menu is painted: the side where it fits, then the focus on a format.
  useLayoutEffect(() => {
    if (!open) return;
    const place = () => setSide(menuSide(root.current!.getBoundingClientRect(), panel.current!.offsetWidth, document.documentElement.clientWidth));
    place();
    const formats = items.current.filter((item) => item != null);
    (focusOnOpen == "first" ? formats[0] : formats[formats.length - 1])?.focus();
    window.addEventListener("resize", place);
    return () => window.removeEventListener("resize", place);
  }, [open]);

  function moveInMenu(event: KeyboardEvent) {
    const formats = items.current.filter((item) => item != null);
    const at = formats.indexOf(document.activeElement as HTMLButtonElement);
    const next = { ArrowDown: formats[(at + 1) % formats.length], ArrowUp: formats[(at - 1 + formats.length) % formats.length], Home: formats[0], End: formats[formats.length - 1] }[event.key];
    if (!next) return;
    event.preventDefault();
    next.focus();
  }

  // Closes when the focus or a click goes elsewhere on the page. Watched from the render that opens the
  // menu (a layout effect): a plain effect waits for the next frame, and a quick Tab could leave it open.
  useLayoutEffect(() => {
    if (!open) return;
    const away = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    document.addEventListener("focusin", away);
    return () => {
      document.removeEventListener("pointerdown", away);
      document.removeEventListener("focusin", away);
    };
  }, [open]);

  async function download(format: Format) {
    setBusy(format);
    setError(null);
    setDone("");
    try {
      const path = `/charters/${encodeURIComponent(props.charterId)}/export.${format}?version=${encodeURIComponent(props.version)}`;
      const { blob, filename } = await apiFile(path);
      const name = filename ?? `charte.${format}`;
      saveBlob(blob, name);
      setDone(`Téléchargement de « ${name} » lancé.`);
      setOpen(false);
      toggle.current?.focus();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div
      ref={root}
      class={`download-menu download-menu-${side}`}
      onKeyDown={(event) => {
        if (event.key == "Escape" && open) {
          event.stopPropagation();
          setOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        class={"button button-secondary download-toggle" + (props.small ?? true ? " button-small" : "")}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Télécharger ${props.what}`}
        onClick={() => (open ? setOpen(false) : openMenu("first"))}
        onKeyDown={(event) => {
          if (event.key != "ArrowDown" && event.key != "ArrowUp") return;
          event.preventDefault();
          openMenu(event.key == "ArrowDown" ? "first" : "last");
        }}
      >
        <DownloadIcon />
        Télécharger
        <span class="download-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <div ref={panel} id={panelId} class="download-panel" hidden={!open}>
        <p id={titleId} class="download-panel-title">Télécharger {props.what}</p>
        <ul id={menuId} role="menu" aria-labelledby={titleId} class="download-options" onKeyDown={moveInMenu}>
          {FORMATS.map((format, index) => (
            <li key={format.id} role="none">
              {/* aria-disabled, not disabled, while a file is made: the focus stays on the format chosen. */}
              <button
                ref={(element) => { items.current[index] = element; }}
                type="button"
                role="menuitem"
                tabIndex={-1}
                class="download-option"
                aria-busy={busy == format.id}
                aria-disabled={busy != null ? "true" : undefined}
                onClick={() => busy == null && download(format.id)}
              >
                <span class="download-format">{busy == format.id ? `Préparation du ${format.label}…` : format.label}</span>
                <span class="download-hint">{format.hint}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <p class="visually-hidden" role="status">
        {done}
      </p>
      <ErrorAlert error={error} />
    </div>
  );
}

/** Hands a fetched file to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() has returned.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function DownloadIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M8 1.5v8m0 0L4.75 6.25M8 9.5l3.25-3.25M2.5 11v2.5h11V11" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
