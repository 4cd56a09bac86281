import "./keyboard.css";

/**
 * The charter page's quick links (RGAA 12.7), first in the page after the
 * header, visible when focused: « Aller au texte » puts the focus in the text
 * (the editor, or the read-only text), « Aller à la barre d'outils » on the
 * toolbar for those who may edit. The text's tab is shown first if another
 * tab was open.
 */
export function CharterSkipLinks(props: { canEdit: boolean; onShowText(): void }) {
  function go(event: Event, find: () => HTMLElement | null) {
    event.preventDefault();
    props.onShowText();
    // The text's panel may only be shown at the next render.
    requestAnimationFrame(() => {
      const target = find() ?? textTarget();
      if (!target) return;
      // The read-only text is not focusable by itself.
      if (!target.isContentEditable && !target.hasAttribute("tabindex")) target.tabIndex = -1;
      target.focus();
    });
  }

  return (
    <nav class="charter-skip-links" aria-label="Accès rapide">
      <a class="skip-link" href="#texte" onClick={(event) => go(event, textTarget)}>
        Aller au texte
      </a>
      {props.canEdit && (
        <a class="skip-link" href="#barre-d-outils" onClick={(event) => go(event, toolbarTarget)}>
          Aller à la barre d'outils
        </a>
      )}
    </nav>
  );
}

/** The live editor when one may type in it, else the text as shown (read-only editor or stored text). */
function textTarget(): HTMLElement | null {
  const panel = document.querySelector<HTMLElement>('[role="tabpanel"]:not([hidden]) .charter-main') ?? document;
  return (
    panel.querySelector<HTMLElement>('.ProseMirror[contenteditable="true"]') ??
    panel.querySelector<HTMLElement>(".document-frame:not([hidden]) .document-paper, .document-paper")
  );
}

/** The toolbar's current button (the toolbar is one tab stop). */
function toolbarTarget(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.editor-bar [role="toolbar"] button[tabindex="0"]');
}
