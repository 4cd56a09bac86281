import { useEffect, useRef, useState } from "preact/hooks";
import type { EditorView } from "prosemirror-view";
import type { NumberedEntry } from "../../../server/shared/numbering.js";
import { createCharterView, numberedEntries } from "../editor/index.js";
import type { Organisation } from "../types.js";

/**
 * Mounts a read-only ProseMirror view of a charter's document (the stored
 * text, or an earlier version), numbered and with its commitments, and
 * reports its numbered sections and articles each time they change.
 */
export function CharterDocument(props: {
  document: unknown;
  organisations: Organisation[];
  onEntries?(entries: NumberedEntry[]): void;
  /** The accessible name of the text; « Texte de la charte » by default. */
  label?: string;
  /** Put before the headings' ids when the live text is on the page too. */
  anchorPrefix?: string;
}) {
  const place = useRef<HTMLElement>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let view: EditorView | null = null;
    let last: NumberedEntry[] | null = null;
    setFailure(null);
    try {
      view = createCharterView(place.current!, {
        document: props.document,
        organisations: props.organisations,
        anchorPrefix: props.anchorPrefix,
        onState(state) {
          const entries = numberedEntries(state);
          if (entries != last) props.onEntries?.((last = entries));
        },
      });
    } catch (err) {
      console.error(err);
      setFailure("Le texte de la charte n'a pas pu être affiché : il ne correspond pas au format attendu.");
    }
    return () => view?.destroy();
  }, [props.document, props.organisations]);

  return (
    <>
      {failure && (
        <div class="alert alert-error" role="alert">
          <p>{failure}</p>
        </div>
      )}
      <section ref={place} class="document-paper" aria-label={props.label ?? "Texte de la charte"} />
    </>
  );
}
