import { useEffect, useRef, useState } from "preact/hooks";
import { api, asApiError, type ApiError } from "../../api.js";
import { formatDateTime } from "../../format.js";
import type { Charter, CharterDiff, DiffSide, VersionSummary } from "../../types.js";
import { ErrorAlert, Loading } from "../feedback.js";
import { DiffClause } from "./DiffClause.js";
import { DiffPreamble, DiffSection, DiffTitle } from "./DiffParts.js";
import { theVersion, versionTitle } from "./versionNames.js";

/** The live text, as a side of a difference. */
export const DRAFT = "draft";

/** A comparison asked for from elsewhere (« Comparer avec le projet en cours »). */
export interface DiffRequest {
  from: string;
  to: string;
  /** Changes at each request, so that asking twice compares twice. */
  key: number;
}

/** « 2 articles ajoutés », « 1 article supprimé »… */
function count(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/** « De la version 1 « V1 » au projet en cours », with French contractions. */
function diffTitle(from: DiffSide, to: DiffSide): string {
  const start = from.id == DRAFT ? "Du projet en cours" : `De ${sideName(from)}`;
  const end = to.id == DRAFT ? "au projet en cours" : `à ${sideName(to)}`;
  return `${start} ${end}`;
}

/** How many entries a difference has: the title, the preamble, each section and each article. */
function entries(diff: CharterDiff): number {
  return (diff.title ? 1 : 0) + (diff.preamble.length ? 1 : 0) + diff.sections.length + diff.clauses.length;
}

/** « la version V3 « … » », or « le point de sauvegarde du … » (a side is a version here, not the draft). */
function sideName(side: DiffSide): string {
  return theVersion({ number: side.number, kind: side.kind ?? "auto", label: side.label, createdAt: side.createdAt ?? "" }, true);
}

function optionLabel(v: VersionSummary): string {
  return v.kind == "named" ? `V${v.number} — ${v.label} (${formatDateTime(v.createdAt)})` : versionTitle(v);
}

/**
 * « Différences »: choose two states of the text (versions or the live
 * text), and see what changed between them, article by article, with who
 * changed what. Comparing with the live text waits for the user's last
 * edits to be stored first.
 */
export function DiffView(props: { charter: Charter; versions: VersionSummary[] | undefined; request: DiffRequest | null; whenStored(): Promise<void> }) {
  const { charter } = props;
  const [from, setFrom] = useState<string>("");
  const [to, setTo] = useState<string>(DRAFT);
  const [result, setResult] = useState<{ diff?: CharterDiff; error?: ApiError; loading: boolean }>({ loading: false });
  const [announcement, setAnnouncement] = useState("");
  const run = useRef(0);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const signatories = charter.signatories ?? [];

  const partyName = (id: string | null) => (id ? signatories.find((o) => o.id == id)?.name ?? "Organisation non signataire" : "À attribuer");

  async function compare(a: string, b: string, focusResult: boolean) {
    const mine = ++run.current;
    setResult((r) => ({ ...r, error: undefined, loading: true }));
    setAnnouncement("Comparaison en cours…");
    try {
      if (a == DRAFT || b == DRAFT) await props.whenStored();
      const query = new URLSearchParams({ from: a, to: b });
      const diff = await api<CharterDiff>("GET", `/charters/${encodeURIComponent(charter.id)}/diff?${query}`);
      if (mine != run.current) return;
      setResult({ diff, loading: false });
      setAnnouncement(diff.identical ? "Comparaison terminée : aucune différence." : `Comparaison terminée : ${count(entries(diff), "partie du texte concernée", "parties du texte concernées")}.`);
      if (focusResult) requestAnimationFrame(() => resultHeading.current?.focus());
    } catch (err) {
      if (mine != run.current) return;
      setResult({ error: asApiError(err), loading: false });
      setAnnouncement("");
    }
  }

  // A request from the history, or the first visit: the newest named version against the live text.
  useEffect(() => {
    if (props.request) {
      setFrom(props.request.from);
      setTo(props.request.to);
      void compare(props.request.from, props.request.to, false);
    }
  }, [props.request?.key]);
  useEffect(() => {
    if (props.request || from || !props.versions?.length) return;
    const first = props.versions.find((v) => v.kind == "named") ?? props.versions[0];
    setFrom(first.id);
    void compare(first.id, DRAFT, false);
  }, [props.versions]);

  const versions = props.versions ?? [];
  const options = (
    <>
      <option value={DRAFT}>Projet en cours</option>
      {versions.map((v) => (
        <option key={v.id} value={v.id}>
          {optionLabel(v)}
        </option>
      ))}
    </>
  );
  const diff = result.diff;

  return (
    <div class="diff-view">
      <h2 class="visually-hidden">Différences entre deux états du texte</h2>
      {props.versions && versions.length == 0 ? (
        <p class="empty">
          Aucune version enregistrée pour le moment : enregistrez une version dans l'historique pour pouvoir comparer le projet en cours avec elle.
        </p>
      ) : (
        <form
          class="diff-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (from) void compare(from, to, true);
          }}
        >
          <div class="field">
            <label for="diff-from">De</label>
            <select id="diff-from" value={from} onChange={(e) => setFrom(e.currentTarget.value)}>
              {!from && <option value="">— Choisir —</option>}
              {options}
            </select>
          </div>
          <div class="field">
            <label for="diff-to">À</label>
            <select id="diff-to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
              {options}
            </select>
          </div>
          <button type="submit" class="button" aria-disabled={result.loading ? "true" : undefined}>
            Comparer
          </button>
        </form>
      )}
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
      <ErrorAlert error={result.error} />
      {result.loading && !diff && <Loading label="Comparaison en cours…" />}
      {diff && (
        <section class={"diff-result" + (result.loading ? " diff-result-stale" : "")} aria-labelledby="diff-result-title" aria-busy={result.loading}>
          <h3 id="diff-result-title" class="diff-result-title" tabIndex={-1} ref={resultHeading}>
            {diffTitle(diff.from, diff.to)}
          </h3>
          <ul class="diff-summary" aria-label="En résumé">
            <li>
              <strong>{diff.summary.added}</strong> {diff.summary.added > 1 ? "articles ajoutés" : "article ajouté"}
            </li>
            <li>
              <strong>{diff.summary.removed}</strong> {diff.summary.removed > 1 ? "supprimés" : "supprimé"}
            </li>
            <li>
              <strong>{diff.summary.moved}</strong> {diff.summary.moved > 1 ? "déplacés" : "déplacé"}
            </li>
            <li>
              <strong>{diff.summary.modified}</strong> {diff.summary.modified > 1 ? "modifiés" : "modifié"}
            </li>
            <li>
              <strong>{diff.summary.commitments}</strong> {diff.summary.commitments > 1 ? "engagements changés" : "engagement changé"}
            </li>
            {diff.summary.title > 0 && <li>Titre de la charte modifié</li>}
            {diff.summary.preamble > 0 && (
              <li>
                <strong>{diff.summary.preamble}</strong> {diff.summary.preamble > 1 ? "paragraphes du préambule changés" : "paragraphe du préambule changé"}
              </li>
            )}
            {diff.summary.sections > 0 && (
              <li>
                <strong>{diff.summary.sections}</strong> {diff.summary.sections > 1 ? "titres changés" : "titre changé"}
              </li>
            )}
          </ul>
          {diff.identical ? (
            <p class="empty">Aucune différence : les deux textes sont identiques.</p>
          ) : entries(diff) == 0 ? (
            <p class="empty">Les deux textes diffèrent, mais la différence n'a pas pu être située.</p>
          ) : (
            <>
              {(diff.title || diff.preamble.length > 0 || diff.sections.length > 0) && (
                <ol class="diff-clauses diff-parts" aria-label="Titre, préambule et titres">
                  {diff.title && (
                    <li>
                      <DiffTitle title={diff.title} />
                    </li>
                  )}
                  {diff.preamble.length > 0 && (
                    <li>
                      <DiffPreamble blocks={diff.preamble} />
                    </li>
                  )}
                  {diff.sections.map((section, i) => (
                    <li key={`s${i}`}>
                      <DiffSection section={section} id={`diff-section-${i}`} />
                    </li>
                  ))}
                </ol>
              )}
              {diff.clauses.length > 0 && (
                <ol class="diff-clauses" aria-label="Articles">
                  {diff.clauses.map((clause) => (
                    <li key={clause.clauseId + clause.change}>
                      <DiffClause clause={clause} partyName={partyName} />
                    </li>
                  ))}
                </ol>
              )}
            </>
          )}
        </section>
      )}
    </div>
  );
}
