import { useEffect, useMemo, useState } from "preact/hooks";
import { api, asApiError, type ApiError } from "../api.js";
import { navigate } from "../router.js";
import { setFlash } from "../flash.js";
import { PARTNER_KINDS, partnerKinds } from "../../../server/shared/partners.js";
import { departementWithArticle } from "../../../server/shared/departementArticles.js";
import type { Charter, Organisation, Reference, Template } from "../types.js";
import { PageHeading } from "../ui/PageHeading.js";
import { ErrorAlert, Loading } from "../ui/feedback.js";
import { Field, errorFor, fieldAttributes, focusErrorField } from "../ui/Field.js";
import { useMe } from "../ui/SessionContext.js";
import { useResource } from "../ui/useResource.js";

const FIELDS = { title: "new-title", template: "new-template", departmentCode: "new-departement", startYear: "new-start-year", signatoryIds: "new-signatories" };
const DEFAULT_DEPARTEMENT = "49";
const PLACEHOLDER = "{département}";

/** `/chartes/nouvelle`: create a charter from a template for a département and its signatories. */
export function NewCharterPage() {
  const me = useMe();
  const setup = useResource(
    async (signal) => {
      const [t, r] = await Promise.all([
        api<{ templates: Template[] }>("GET", "/templates", { signal }),
        api<Reference>("GET", "/reference", { signal }),
      ]);
      return { templates: t.templates, reference: r };
    },
    [],
  );

  if (!me.abilities["charter:create"]) {
    return (
      <div class="container narrow">
        <PageHeading title="Créer une charte" />
        <div class="alert alert-error" role="alert">
          <p>Seuls les pilotes et les administrateurs peuvent créer une charte.</p>
        </div>
        <p>
          <a href="/">Retour à mes chartes</a>
        </p>
      </div>
    );
  }
  return (
    <div class="container narrow-wide">
      <nav class="breadcrumb" aria-label="Fil d'Ariane">
        <a href="/">Mes chartes</a> <span aria-hidden="true">›</span> <span aria-current="page">Nouvelle charte</span>
      </nav>
      <PageHeading title="Créer une charte" />
      <p class="lead">La charte est créée à partir d'un modèle ; chaque engagement du modèle est confié à l'organisation signataire du type prévu.</p>
      <ErrorAlert error={setup.error} />
      {setup.loading && !setup.data && <Loading />}
      {setup.data && <NewCharterForm templates={setup.data.templates} reference={setup.data.reference} />}
    </div>
  );
}

function NewCharterForm(props: { templates: Template[]; reference: Reference }) {
  const { templates, reference } = props;
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? "");
  const [departmentCode, setDepartmentCode] = useState(
    reference.departements.some((d) => d.code == DEFAULT_DEPARTEMENT) ? DEFAULT_DEPARTEMENT : (reference.departements[0]?.code ?? ""),
  );
  const [title, setTitle] = useState("");
  // Drafting, consulting and signing take months: by default the charter starts next year.
  const thisYear = new Date().getFullYear();
  const [startYear, setStartYear] = useState(thisYear + 1);
  const [titleEdited, setTitleEdited] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const template = templates.find((t) => t.id == templateId);
  const departement = reference.departements.find((d) => d.code == departmentCode);

  const organisations = useResource(
    (signal) =>
      api<{ organisations: Organisation[] }>("GET", `/organisations?departement=${encodeURIComponent(departmentCode)}`, { signal }).then((r) =>
        sortByKind(r.organisations),
      ),
    [departmentCode],
  );

  // Every organisation of the département is a signatory unless unchecked.
  useEffect(() => {
    if (organisations.data) setSelected(new Set(organisations.data.map((o) => o.id)));
  }, [organisations.data]);

  // The title follows the template and the département until the user writes their own.
  useEffect(() => {
    if (!titleEdited && template && departement) setTitle(template.defaultTitle.split(PLACEHOLDER).join(departement.name));
  }, [templateId, departmentCode, titleEdited]);

  const uncovered = useMemo(() => {
    if (!template || !organisations.data) return [];
    const kinds = new Set(organisations.data.filter((o) => selected.has(o.id)).map((o) => o.kind));
    return template.partnerKinds.filter((kind) => !kinds.has(kind));
  }, [template, organisations.data, selected]);

  function toggle(id: string, checked: boolean) {
    const next = new Set(selected);
    if (checked) next.add(id);
    else next.delete(id);
    setSelected(next);
  }

  async function submit(event: Event) {
    event.preventDefault();
    // While another département's organisations load, the list shown is the previous one's.
    if (busy || organisations.loading) return;
    setBusy(true);
    setError(null);
    try {
      const signatoryIds = (organisations.data ?? []).filter((o) => selected.has(o.id)).map((o) => o.id);
      const created = await api<{ charter: Charter; unassignedCommitments: number }>("POST", "/charters", {
        body: { title, template: templateId, departmentCode, startYear, signatoryIds },
      });
      const n = created.unassignedCommitments;
      setFlash(
        "La charte a été créée." +
          (n > 0 ? ` ${n} engagement${n > 1 ? "s" : ""} à attribuer : aucune organisation signataire du type prévu n'a été choisie.` : ""),
      );
      navigate(`/chartes/${created.charter.id}`);
    } catch (err) {
      const apiError = asApiError(err);
      setError(apiError);
      setBusy(false);
      focusErrorField(apiError, FIELDS);
    }
  }

  const signatoriesError = errorFor(error, "signatoryIds");
  return (
    <form onSubmit={submit} noValidate class="form">
      <ErrorAlert error={error} fields={Object.keys(FIELDS)} />

      <Field
        id={FIELDS.template}
        label="Modèle"
        hint={template && `${template.description} (${template.sections} titres, ${template.clauses} articles, ${template.commitments} engagements)`}
        error={errorFor(error, "template")}
      >
        <select
          {...fieldAttributes(FIELDS.template, { hint: template, error: errorFor(error, "template") })}
          value={templateId}
          onChange={(e) => setTemplateId(e.currentTarget.value)}
        >
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </Field>

      <Field id={FIELDS.departmentCode} label="Département" error={errorFor(error, "departmentCode")}>
        <select
          {...fieldAttributes(FIELDS.departmentCode, { error: errorFor(error, "departmentCode") })}
          value={departmentCode}
          onChange={(e) => setDepartmentCode(e.currentTarget.value)}
        >
          {reference.departements.map((d) => (
            <option key={d.code} value={d.code}>
              {d.code} — {d.name}
            </option>
          ))}
        </select>
      </Field>

      <Field
        id={FIELDS.startYear}
        label="Première année de la charte"
        hint={
          template?.durationYears
            ? `Pour ${template.durationYears} an${template.durationYears > 1 ? "s" : ""} : de ${startYear} à ${startYear + template.durationYears - 1}. Ces années et les échéances des engagements sont inscrites dans le texte.`
            : "Les échéances des engagements sont placées d'après cette année."
        }
        error={errorFor(error, "startYear")}
      >
        <select
          {...fieldAttributes(FIELDS.startYear, { hint: true, error: errorFor(error, "startYear") })}
          value={String(startYear)}
          onChange={(e) => setStartYear(Number(e.currentTarget.value))}
        >
          {[-1, 0, 1, 2, 3].map((offset) => (
            <option key={offset} value={String(thisYear + offset)}>
              {thisYear + offset}
            </option>
          ))}
        </select>
      </Field>

      <Field id={FIELDS.title} label="Titre de la charte" hint="Proposé d'après le modèle et le département ; vous pouvez le modifier." error={errorFor(error, "title")}>
        <input
          {...fieldAttributes(FIELDS.title, { hint: true, error: errorFor(error, "title") })}
          type="text"
          required
          value={title}
          onInput={(e) => {
            setTitle(e.currentTarget.value);
            setTitleEdited(true);
          }}
        />
      </Field>

      <fieldset
        class={"field checkbox-group" + (signatoriesError ? " field-invalid" : "")}
        id={FIELDS.signatoryIds}
        tabIndex={-1}
        aria-describedby={`${FIELDS.signatoryIds}-hint${signatoriesError ? ` ${FIELDS.signatoryIds}-error` : ""}`}
      >
        <legend>Organisations signataires</legend>
        <p class="hint" id={`${FIELDS.signatoryIds}-hint`}>
          Les organisations partenaires enregistrées pour {departement ? departementWithArticle(departement) : "ce département"}. Chaque engagement du modèle est confié à
          l'organisation cochée de son type.
        </p>
        {signatoriesError && (
          <p class="field-error" id={`${FIELDS.signatoryIds}-error`} role="alert">
            {signatoriesError}
          </p>
        )}
        <ErrorAlert error={organisations.error} />
        {organisations.loading && <Loading label="Chargement des organisations…" />}
        {organisations.data && organisations.data.length == 0 && (
          <p class="empty">Aucune organisation partenaire n'est encore enregistrée pour ce département : la charte sera créée sans signataire.</p>
        )}
        {organisations.data && organisations.data.length > 0 && (
          <>
            <div class="inline-actions">
              <button type="button" class="button button-tertiary button-small" onClick={() => setSelected(new Set(organisations.data!.map((o) => o.id)))}>
                Tout cocher
              </button>
              <button type="button" class="button button-tertiary button-small" onClick={() => setSelected(new Set())}>
                Tout décocher
              </button>
            </div>
            <ul class="checkbox-list">
              {organisations.data.map((o) => (
                <li key={o.id}>
                  <input type="checkbox" id={`signatory-${o.id}`} checked={selected.has(o.id)} onChange={(e) => toggle(o.id, e.currentTarget.checked)} />
                  <label for={`signatory-${o.id}`}>
                    {o.name}
                    <span class="checkbox-kind">{PARTNER_KINDS[o.kind] ?? o.kind}</span>
                  </label>
                </li>
              ))}
            </ul>
            <p class="count" aria-live="polite">
              {selected.size} organisation{selected.size > 1 ? "s" : ""} signataire{selected.size > 1 ? "s" : ""} sur {organisations.data.length}
            </p>
          </>
        )}
        {uncovered.length > 0 && (
          <div class="alert alert-warning">
            <p>
              Aucune organisation cochée pour : {uncovered.map((kind) => PARTNER_KINDS[kind]).join(", ")}. Leurs engagements seront « à attribuer ».
            </p>
          </div>
        )}
      </fieldset>

      <div class="actions">
        <button type="submit" class="button">
          {busy ? "Création…" : "Créer la charte"}
        </button>
        <a class="button button-secondary" href="/">
          Annuler
        </a>
      </div>
    </form>
  );
}

function sortByKind(organisations: Organisation[]): Organisation[] {
  const order = (o: Organisation) => {
    const i = partnerKinds.indexOf(o.kind);
    return i < 0 ? partnerKinds.length : i;
  };
  return [...organisations].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name, "fr"));
}
