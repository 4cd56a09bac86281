import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../api.js";
import { formatDateTime } from "../../format.js";
import type { AuditEvent } from "../../types.js";
import { ErrorAlert, Loading } from "../../ui/feedback.js";
import { Field, errorFor, fieldAttributes, focusErrorField } from "../../ui/Field.js";
import { useResource } from "../../ui/useResource.js";
import "./auditLog.css";

/** `GET /api/charters/:id/audit`: one page of the journal, with what its filters offer. */
interface JournalPage {
  events: (AuditEvent & { sentence: string })[];
  total: number;
  page: number;
  pages: number;
  actors: { id: string; name: string }[];
  kinds: { id: string; label: string }[];
}

interface Filters {
  actor: string;
  kind: string;
  from: string;
  to: string;
}

const NONE: Filters = { actor: "", kind: "", from: "", to: "" };
const FIELD_IDS: Record<keyof Filters, string> = { actor: "journal-actor", kind: "journal-kind", from: "journal-from", to: "journal-to" };

/**
 * The charter's journal (pilots): every event in French, newest first, in a
 * table, with filters on who, what and when (labelled controls) and pages.
 */
export function AuditLog(props: { charterId: string; changes: number }) {
  const [draft, setDraft] = useState<Filters>(NONE);
  const [filters, setFilters] = useState<Filters>(NONE);
  const [page, setPage] = useState(1);
  const query = new URLSearchParams({ page: String(page), ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) });
  const journal = useResource(
    (signal) => api<JournalPage>("GET", `/charters/${encodeURIComponent(props.charterId)}/audit?${query}`, { signal }),
    [props.charterId, props.changes, query.toString()],
  );
  // A refused search (an inverted range…) keeps the last page found on screen, said to be the previous one,
  // and the filters' choices of people and kinds with it.
  const lastFound = useRef<JournalPage | undefined>(undefined);
  if (journal.data) lastFound.current = journal.data;
  const data = journal.data ?? (journal.error ? lastFound.current : undefined);
  const error = journal.error;
  useEffect(() => {
    if (error) focusErrorField(error, FIELD_IDS);
  }, [error]);
  const fieldError = (field: keyof Filters) => errorFor(error, field);
  const set = (field: keyof Filters) => (e: Event) => setDraft({ ...draft, [field]: (e.currentTarget as HTMLInputElement).value });

  return (
    <div class="journal">
      <form
        class="journal-filters"
        aria-label="Filtrer le journal"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
          setPage(1);
        }}
      >
        <Field id="journal-actor" label="Qui" error={fieldError("actor")}>
          <select {...fieldAttributes("journal-actor", { error: fieldError("actor") })} value={draft.actor} onChange={set("actor")}>
            <option value="">Tout le monde</option>
            {data?.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="journal-kind" label="Quoi" error={fieldError("kind")}>
          <select {...fieldAttributes("journal-kind", { error: fieldError("kind") })} value={draft.kind} onChange={set("kind")}>
            <option value="">Tous les événements</option>
            {data?.kinds.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="journal-from" label="Du" error={fieldError("from")}>
          <input {...fieldAttributes("journal-from", { error: fieldError("from") })} type="date" value={draft.from} onInput={set("from")} />
        </Field>
        <Field id="journal-to" label="Au" error={fieldError("to")}>
          <input {...fieldAttributes("journal-to", { error: fieldError("to") })} type="date" value={draft.to} onInput={set("to")} />
        </Field>
        <div class="journal-filter-actions">
          <button type="submit" class="button button-small">Filtrer</button>
          <button
            type="button"
            class="button button-small button-secondary"
            onClick={() => {
              setDraft(NONE);
              setFilters(NONE);
              setPage(1);
            }}
          >
            Tout afficher
          </button>
        </div>
      </form>
      <ErrorAlert error={error} fields={Object.keys(FIELD_IDS)} />
      {journal.loading && !data && <Loading label="Chargement du journal…" />}
      <p class="journal-count" role="status">
        {data && error && "Recherche non effectuée : le journal ci-dessous est celui de la recherche précédente. "}
        {data && (data.total == 0 ? "Aucun événement ne correspond." : `${data.total} événement${data.total > 1 ? "s" : ""} · page ${data.page} sur ${data.pages}`)}
      </p>
      {data && data.events.length > 0 && (
        <table class="journal-table">
          <caption class="visually-hidden">Journal de la charte, du plus récent au plus ancien</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Qui</th>
              <th scope="col">Événement</th>
            </tr>
          </thead>
          <tbody>
            {data.events.map((event) => (
              <tr key={event.id}>
                <td>
                  <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                </td>
                <td>{event.actor?.name ?? "Le système"}</td>
                <td>{capitalized(event.sentence)}.</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.pages > 1 && (
        <nav class="journal-pages" aria-label="Pages du journal">
          <button type="button" class="button button-small button-secondary" disabled={data.page <= 1} onClick={() => setPage(data.page - 1)}>
            Page précédente
          </button>
          <span>
            Page {data.page} sur {data.pages}
          </span>
          <button type="button" class="button button-small button-secondary" disabled={data.page >= data.pages} onClick={() => setPage(data.page + 1)}>
            Page suivante
          </button>
        </nav>
      )}
    </div>
  );
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
