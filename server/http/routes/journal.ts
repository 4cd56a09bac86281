import { route } from "../route.js";
import { invalidField } from "../errors.js";
import { auditActors, searchAudit, type AuditFilters, type AuditListRow } from "../../store/audit.js";
import { actionsOfKind, auditSentence, AUDIT_KINDS, type AuditKind } from "../../domain/journal/auditSentences.js";
import { presentName } from "../../domain/versions/versionNaming.js";
import type { Services } from "../../services.js";

const PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A query parameter given once, as text (or absent). */
function one(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value != "string") throw invalidField(name, `Le paramètre « ${name} » ne peut être donné qu'une fois.`);
  return value;
}

function positive(query: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const raw = one(query, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || n < 1 || n > max) throw invalidField(name, `« ${name} » doit être un nombre entier entre 1 et ${max}.`);
  return n;
}

/** The instant a Paris calendar day starts (charters are French: the journal's days are Paris days). */
export function parisDayStart(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  const asParis = new Date(new Date(utcMidnight).toLocaleString("en-US", { timeZone: "Europe/Paris" }));
  const asUtc = new Date(new Date(utcMidnight).toLocaleString("en-US", { timeZone: "UTC" }));
  return new Date(utcMidnight - (asParis.getTime() - asUtc.getTime())).toISOString();
}

function day(query: Record<string, unknown>, name: "from" | "to"): string | undefined {
  const raw = one(query, name);
  if (raw === undefined) return undefined;
  const valid = DAY.test(raw) && !isNaN(Date.parse(raw + "T00:00:00Z")) && new Date(raw + "T00:00:00Z").toISOString().startsWith(raw);
  if (!valid) throw invalidField(name, `Date invalide pour « ${name == "from" ? "du" : "au"} » : attendue au format AAAA-MM-JJ.`);
  return raw;
}

/** The filters of a journal request, checked. */
function filters(query: Record<string, unknown>): AuditFilters {
  const out: AuditFilters = {};
  const actor = one(query, "actor");
  if (actor !== undefined) {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(actor)) throw invalidField("actor", "Personne inconnue.");
    out.actorId = actor;
  }
  const kind = one(query, "kind");
  if (kind !== undefined) {
    if (!(kind in AUDIT_KINDS)) throw invalidField("kind", `Type d'événement inconnu : choisissez parmi ${Object.keys(AUDIT_KINDS).join(", ")}.`);
    out.actions = actionsOfKind(kind as AuditKind);
  }
  const from = day(query, "from");
  const to = day(query, "to");
  if (from && to && from > to) throw invalidField("to", "La date de fin précède la date de début.");
  if (from) out.from = parisDayStart(from);
  // `to` is a whole day: up to the start of the next one.
  if (to) out.to = parisDayStart(new Date(Date.parse(to + "T00:00:00Z") + 86_400_000).toISOString().slice(0, 10));
  return out;
}

/** The versions the events are about, as they are now (merged checkpoints are gone). */
async function versionsOf(services: Services, charterId: string, rows: AuditListRow[]) {
  const ids = [...new Set(rows.filter((r) => r.subject_type == "version" && r.subject_id).map((r) => r.subject_id!))];
  if (!ids.length) return new Map();
  const found = await services.db("charter_versions").where({ charter_id: charterId }).whereIn("id", ids).select("id", "named_number", "kind", "label", "created_at");
  return new Map(found.map((v) => [v.id as string, presentName(v)]));
}

export const journalRoutes = [
  route({
    method: "get", path: "/charters/:id/audit", tag: "charters", access: { charter: "audit:read" },
    summary: "The charter's journal (audit log), newest first, each event in a French sentence (pilots). `?page=1&pageSize=25` (at most 100), filters `actor` (user id), `kind` (charter, versions, signing, members, comments), `from` and `to` (days AAAA-MM-JJ, Paris time, both included).",
    responds: "`{events: [{id, at, actor, action, kind, sentence, subjectType, subjectId, details}], total, page, pageSize, pages, actors: [{id, name}], kinds: [{id, label}]}`.",
    async handle({ services, charter, query }) {
      const f = filters(query);
      const pageSize = positive(query, "pageSize", PAGE_SIZE, MAX_PAGE_SIZE);
      const page = positive(query, "page", 1, 1_000_000);
      const [{ rows, total }, actors] = await Promise.all([
        searchAudit(services.db, charter!.id, f, { offset: (page - 1) * pageSize, limit: pageSize }),
        auditActors(services.db, charter!.id),
      ]);
      const versions = await versionsOf(services, charter!.id, rows);
      const events = rows.map((r) => {
        const details = r.details ? JSON.parse(r.details) : null;
        return {
          id: Number(r.id), at: r.at, actor: r.actor_id ? { id: r.actor_id, name: r.actor_name } : null, action: r.action,
          kind: (Object.keys(AUDIT_KINDS) as AuditKind[]).find((k) => actionsOfKind(k).includes(r.action)) ?? null,
          sentence: auditSentence({ action: r.action, details }, { subjectName: r.subject_name, invitationEmail: r.invitation_email, version: versions.get(r.subject_id) ?? null }),
          subjectType: r.subject_type, subjectId: r.subject_id, details,
        };
      });
      return {
        body: {
          events, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)), actors,
          kinds: Object.entries(AUDIT_KINDS).map(([id, k]) => ({ id, label: k.label })),
        },
      };
    },
  }),
];
