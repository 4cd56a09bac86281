import { useState } from "preact/hooks";
import { formatDay } from "../../format.js";
import type { Change, ClauseDiff, CommitmentDiff, DiffPart } from "../../types.js";
import { DiffText, authorNames } from "./DiffText.js";
import { ofName } from "../../../../server/shared/frenchNames.js";
import { DiffBlocks } from "./DiffParts.js";

/** An arrow between an old and a new value, read as « devient ». */
function Arrow() {
  return (
    <>
      <span aria-hidden="true"> → </span>
      <span class="visually-hidden"> devient </span>
    </>
  );
}

/** A value that may have changed: « a → b », or « b » alone when it did not. */
function FromTo(props: { change: Change<string | null>; show(value: string | null): string }) {
  const { from, to } = props.change;
  if (from == to) return <>{props.show(to)}</>;
  return (
    <>
      {props.show(from)}
      <Arrow />
      {props.show(to)}
    </>
  );
}

/** How the article changed, as labels (not colour alone). */
function clauseStatuses(clause: ClauseDiff): { kind: string; label: string }[] {
  if (clause.change == "added") return [{ kind: "added", label: "Ajouté" }];
  if (clause.change == "removed") return [{ kind: "removed", label: "Supprimé" }];
  const out = [];
  if (clause.moved) out.push({ kind: "moved", label: "Déplacé" });
  const words = [...clause.heading, ...clause.body].some((p) => p.type == "insert" || p.type == "delete");
  const formatted = clause.body.some((p) => p.type == "format");
  const reshaped = (clause.blocks ?? []).some((b) => b.reshaped);
  if (clause.modified) out.push({ kind: "modified", label: !words && formatted && !reshaped ? "Mise en forme modifiée" : !words && reshaped && !formatted ? "Disposition modifiée" : "Modifié" });
  if (!clause.moved && !clause.modified) out.push({ kind: "modified", label: "Engagements modifiés" });
  return out;
}

function clauseNumber(clause: ClauseDiff) {
  const { from, to } = clause.number;
  if (from == null || to == null || from == to) return <>Article {to ?? from}</>;
  return (
    <>
      Article {from}
      <Arrow />
      {to}
    </>
  );
}

/** Who made a clause's changes, said according to what happened to it. */
function clauseByline(clause: ClauseDiff): string | null {
  const who = authorNames(clause.authors);
  if (!who) return null;
  if (clause.change == "added") return `Ajouté par ${who}`;
  if (clause.change == "removed") return `Supprimé par ${who}`;
  return `Modifications ${ofName(who)}`;
}

/** Around the changes, long unchanged passages are shortened to their ends, unless the whole text is asked for. */
const KEEP = 160;

function shorten(parts: DiffPart[]): DiffPart[] {
  return parts.map((part, i) => {
    if (part.type != "equal" || part.value.length <= KEEP * 2 + 40) return part;
    const first = i == 0;
    const last = i == parts.length - 1;
    if (first && last) return part;
    const head = first ? "" : cutAfter(part.value, KEEP);
    const tail = last ? "" : cutBefore(part.value, KEEP);
    return { ...part, value: `${head}${first ? "" : " "}[…]${last ? "" : " "}${tail}` };
  });
}

/** The start of a text, about `length` long, ending at a paragraph or sentence end if there is one, else between words. */
function cutAfter(text: string, length: number): string {
  const slice = text.slice(0, length);
  const end = Math.max(slice.lastIndexOf("\n"), slice.lastIndexOf(". ") + 1);
  if (end > length / 2) return text.slice(0, end);
  const space = slice.lastIndexOf(" ");
  return text.slice(0, space > length / 2 ? space : length);
}

/** The end of a text, about `length` long, starting at a paragraph or sentence start if there is one, else between words. */
function cutBefore(text: string, length: number): string {
  const from = text.length - length;
  const rest = text.slice(from);
  const starts = [rest.indexOf("\n"), rest.indexOf(". ") + 1].filter((i) => i > 0 && i < length / 2);
  if (starts.length) return rest.slice(Math.min(...starts) + 1).trimStart();
  const space = rest.indexOf(" ");
  return space >= 0 && space < length / 2 ? rest.slice(space + 1) : rest;
}

/**
 * One article that changed: its number (« Article 3 → 4 » when it moved),
 * its title, how it changed, its heading and text with inserted and deleted
 * words, its commitments that changed, and who made the changes.
 */
export function DiffClause(props: { clause: ClauseDiff; partyName(id: string | null): string }) {
  const { clause } = props;
  const [whole, setWhole] = useState(false);
  // An added or removed article has a title on one side only.
  const section = clause.change == "changed" ? clause.section : { from: clause.section.to ?? clause.section.from, to: clause.section.to ?? clause.section.from };
  const byline = clauseByline(clause);
  // In a changed article, unchanged text is shown only around the changes, or when asked for.
  const unchanged = clause.change == "changed" && clause.body.every((p) => p.type == "equal");
  const body = whole || clause.change != "changed" ? clause.body : unchanged ? [] : shorten(clause.body);
  const shortened = unchanged ? clause.body.length > 0 : body.some((p, i) => p.value != clause.body[i].value);
  // The text above shows the words; the paragraphs whose layout changed (or all changed paragraphs, when the words did not) are listed apart.
  const layout = clause.change != "changed" ? [] : unchanged ? clause.blocks ?? [] : (clause.blocks ?? []).filter((b) => b.reshaped);

  return (
    <article class={`diff-clause diff-clause-${clause.change}`} data-clause-id={clause.clauseId}>
      <div class="diff-clause-top">
        {(section.from ?? section.to) && (
          <p class="diff-section">
            Titre : <FromTo change={section} show={(v) => v ?? "—"} />
          </p>
        )}
        <ul class="diff-statuses" aria-label="Nature du changement">
          {clauseStatuses(clause).map((s) => (
            <li key={s.kind + s.label} class={`diff-status diff-status-${s.kind}`}>
              {s.label}
            </li>
          ))}
        </ul>
      </div>
      <h3 class="diff-heading">
        <span class="charter-number">{clauseNumber(clause)}</span>
        <span class="visually-hidden"> : </span>
        <DiffText parts={clause.heading} />
      </h3>
      {body.length > 0 && (
        <div class="diff-body">
          <DiffText parts={body} />
        </div>
      )}
      {(shortened || whole) && (
        <button type="button" class="link-button diff-whole" aria-expanded={whole} onClick={() => setWhole(!whole)}>
          {whole ? "Masquer le texte inchangé" : unchanged ? "Afficher le texte de l'article (inchangé)" : "Afficher tout le texte de l'article"}
        </button>
      )}
      {layout.length > 0 && <DiffBlocks blocks={layout} label="Paragraphes dont la disposition a changé" />}
      {clause.commitments.length > 0 && (
        <ul class="diff-commitments" aria-label="Engagements modifiés">
          {clause.commitments.map((c) => (
            <li key={c.id}>
              <CommitmentChange commitment={c} partyName={props.partyName} />
            </li>
          ))}
        </ul>
      )}
      {byline && <p class="diff-authors">{byline}</p>}
    </article>
  );
}

/** A commitment added, removed, reworded, reassigned, or given another due date or indicator. */
function CommitmentChange(props: { commitment: CommitmentDiff; partyName(id: string | null): string }) {
  const { commitment: c, partyName } = props;
  const labels: string[] = [];
  if (c.change == "added") labels.push("Ajouté");
  else if (c.change == "removed") labels.push("Supprimé");
  else {
    if (c.reworded) labels.push(c.text.some((p) => p.type == "insert" || p.type == "delete") ? "Reformulé" : "Mise en forme modifiée");
    if (c.moved) labels.push("Déplacé");
    if (c.due.from != c.due.to) labels.push("Échéance modifiée");
    if (c.indicator.from != c.indicator.to) labels.push("Indicateur modifié");
  }
  const party = c.change == "added" ? c.party.to : c.change == "removed" ? c.party.from : null;
  const day = (v: string | null) => (v ? formatDay(v) : "aucune");
  const text = (v: string | null) => v ?? "aucun";
  const who = authorNames(c.authors);

  return (
    <div class={`diff-commitment diff-commitment-${c.change}`}>
      <p class="diff-commitment-head">
        <span class="commitment-tag">Engagement</span>
        {labels.map((label) => (
          <span key={label} class={`diff-status diff-status-${c.change == "changed" ? "modified" : c.change}`}>
            {label}
          </span>
        ))}
        {c.reassigned ? (
          <span class="diff-status diff-status-modified">
            Réattribué : {partyName(c.party.from)}
            <Arrow />
            {partyName(c.party.to)}
          </span>
        ) : (
          <span class="diff-commitment-party">
            <span class="visually-hidden">Responsable : </span>
            {partyName(party ?? c.party.to)}
          </span>
        )}
      </p>
      {c.text.length > 0 && (
        <p class="diff-commitment-text">
          <DiffText parts={c.text} />
        </p>
      )}
      {(c.change != "changed" ? c.due.to ?? c.due.from : c.due.from != c.due.to) && (
        <p class="diff-commitment-meta">
          Échéance : {c.change == "changed" ? <FromTo change={c.due} show={day} /> : day(c.due.to ?? c.due.from)}
        </p>
      )}
      {(c.change != "changed" ? c.indicator.to ?? c.indicator.from : c.indicator.from != c.indicator.to) && (
        <p class="diff-commitment-meta">
          Indicateur : {c.change == "changed" ? <FromTo change={c.indicator} show={text} /> : text(c.indicator.to ?? c.indicator.from)}
        </p>
      )}
      {who && <p class="diff-authors">par {who}</p>}
    </div>
  );
}
