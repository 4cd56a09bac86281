import type { BlockDiff, DiffPart, SectionDiff } from "../../types.js";
import { kindLabel, layoutChange } from "./diffLabels.js";
import { DiffText, authorNames } from "./DiffText.js";
import { ofName } from "../../../../server/shared/frenchNames.js";

/*
 * The parts of a difference outside the articles: the charter's title, the
 * preamble, and each section (« Titre ») added, removed, moved, renamed or
 * whose introduction changed. Each change is labelled in words (not colour
 * alone) and says who made it.
 */

/** An arrow between an old and a new value, read as « devient ». */
function Arrow() {
  return (
    <>
      <span aria-hidden="true"> → </span>
      <span class="visually-hidden"> devient </span>
    </>
  );
}

function Statuses(props: { list: { kind: string; label: string }[]; label: string }) {
  if (!props.list.length) return null;
  return (
    <ul class="diff-statuses" aria-label={props.label}>
      {props.list.map((s) => (
        <li key={s.kind + s.label} class={`diff-status diff-status-${s.kind}`}>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

const changed = (parts: DiffPart[]) => parts.some((p) => p.type != "equal");

function blockStatuses(block: BlockDiff): { kind: string; label: string }[] {
  if (block.change == "added") return [{ kind: "added", label: "Ajouté" }];
  if (block.change == "removed") return [{ kind: "removed", label: "Supprimé" }];
  const out = [];
  const layout = block.reshaped ? layoutChange(block.kind) : null;
  if (layout) out.push({ kind: "moved", label: layout });
  if (block.text.some((p) => p.type == "insert" || p.type == "delete")) out.push({ kind: "modified", label: "Modifié" });
  else if (block.text.some((p) => p.type == "format")) out.push({ kind: "modified", label: "Mise en forme modifiée" });
  return out;
}

/** The paragraphs of a preamble, introduction or article that changed, each with its place, its layout and who changed it. */
export function DiffBlocks(props: { blocks: BlockDiff[]; label: string }) {
  return (
    <ol class="diff-blocks" aria-label={props.label}>
      {props.blocks.map((block, i) => {
        const kind = block.kind.to ?? block.kind.from!;
        const who = authorNames(block.authors);
        const verb = block.change == "added" ? "Ajouté" : block.change == "removed" ? "Supprimé" : "Modifié";
        return (
          <li key={i} class={`diff-block diff-block-${block.change}`}>
            <div class="diff-block-top">
              <span class="diff-block-place">
                Paragraphe {block.index.to ?? block.index.from}
                {kind.type != "paragraph" && !block.reshaped && ` (${kindLabel(kind).toLowerCase()})`}
              </span>
              <Statuses list={blockStatuses(block)} label="Nature du changement" />
            </div>
            {block.text.length > 0 && (
              <p class="diff-body diff-block-text">
                <DiffText parts={block.text} />
              </p>
            )}
            {who && <p class="diff-authors">{`${verb} par ${who}`}</p>}
          </li>
        );
      })}
    </ol>
  );
}

/** The charter's title, when it changed. */
export function DiffTitle(props: { title: { text: DiffPart[]; authors: { id: string; name: string; organisation: string | null }[] } }) {
  const who = authorNames(props.title.authors);
  return (
    <article class="diff-clause diff-part" aria-labelledby="diff-part-title">
      <div class="diff-clause-top">
        <h3 id="diff-part-title" class="diff-part-name">Titre de la charte</h3>
        <Statuses list={[{ kind: "modified", label: "Modifié" }]} label="Nature du changement" />
      </div>
      <p class="diff-heading diff-title-text">
        <DiffText parts={props.title.text} />
      </p>
      {who && <p class="diff-authors">Modifications {ofName(who)}</p>}
    </article>
  );
}

/** The preamble's paragraphs that changed. */
export function DiffPreamble(props: { blocks: BlockDiff[] }) {
  return (
    <article class="diff-clause diff-part" aria-labelledby="diff-part-preamble">
      <div class="diff-clause-top">
        <h3 id="diff-part-preamble" class="diff-part-name">Préambule</h3>
        <Statuses list={[{ kind: "modified", label: props.blocks.length > 1 ? `${props.blocks.length} paragraphes changés` : "1 paragraphe changé" }]} label="Nature du changement" />
      </div>
      <DiffBlocks blocks={props.blocks} label="Paragraphes du préambule changés" />
    </article>
  );
}

function sectionStatuses(section: SectionDiff): { kind: string; label: string }[] {
  if (section.change == "added") return [{ kind: "added", label: "Ajouté" }];
  if (section.change == "removed") return [{ kind: "removed", label: "Supprimé" }];
  const out = [];
  if (section.moved) out.push({ kind: "moved", label: "Déplacé" });
  if (section.renamed) out.push({ kind: "modified", label: "Intitulé modifié" });
  if (section.introduction.length) out.push({ kind: "modified", label: "Introduction modifiée" });
  return out;
}

/** One section (« Titre ») that changed itself: added, removed, moved, renamed, or its introduction. */
export function DiffSection(props: { section: SectionDiff; id: string }) {
  const { section } = props;
  const { from, to } = section.number;
  const who = authorNames(section.authors);
  const articles = section.change == "added" ? section.clauses.to : section.change == "removed" ? section.clauses.from : null;
  const byline = !who ? null : section.change == "added" ? `Ajouté par ${who}` : section.change == "removed" ? `Supprimé par ${who}` : `Modifications ${ofName(who)}`;
  return (
    <article class={`diff-clause diff-part diff-clause-${section.change}`} aria-labelledby={props.id}>
      <div class="diff-clause-top">
        <Statuses list={sectionStatuses(section)} label="Nature du changement" />
      </div>
      <h3 id={props.id} class="diff-heading">
        <span class="charter-number">
          {from == null || to == null || from == to ? (
            <>Titre {to ?? from}</>
          ) : (
            <>
              Titre {from}
              <Arrow />
              {to}
            </>
          )}
        </span>
        <span class="visually-hidden"> : </span> {changed(section.heading) || section.heading.length ? <DiffText parts={section.heading} /> : <em>sans intitulé</em>}
      </h3>
      {articles != null && (
        <p class="diff-part-note">{articles == 0 ? "Sans article." : articles > 1 ? `${articles} articles (détaillés plus bas).` : "1 article (détaillé plus bas)."}</p>
      )}
      {section.introduction.length > 0 && <DiffBlocks blocks={section.introduction} label={`Introduction du titre ${to ?? from}`} />}
      {byline && <p class="diff-authors">{byline}</p>}
    </article>
  );
}
