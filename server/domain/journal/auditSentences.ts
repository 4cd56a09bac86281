import { ROLE_LABELS, isRole, CHARTER_STATE_LABELS, type CharterState } from "../../shared/roles.js";
import { theVersion, type NameableVersion } from "../../shared/versionNames.js";
import { parisDateTime } from "../versions/versionNaming.js";
import { APPRAISALS, APPRAISAL_OUTCOMES, DECLARATION_STATUSES } from "../../shared/followup.js";
import { frenchDay } from "../../shared/frenchDates.js";
import { ofName } from "../../shared/frenchNames.js";
import { theOrganisation } from "../../shared/organisationNames.js";

/** What a sentence may need beside the event: names of the people and versions it refers to. */
export interface SentenceContext {
  /** The member or user the event is about (`subject_type` user), by name. */
  subjectName: string | null;
  /** The invitation's email (`subject_type` invitation). */
  invitationEmail: string | null;
  /** The version the event is about, as it is now (it may have been merged away). */
  version: NameableVersion | null;
}

/** One journal entry to put in words. */
export interface SentenceEvent {
  action: string;
  details: Record<string, unknown> | null;
}

type Sentence = (d: Record<string, unknown>, ctx: SentenceContext) => string;

// Labels are written for headings and lists (« Lecteur »); inside a sentence they take no capital (« comme lecteur »).
const role = (value: unknown) => (isRole(value) ? ROLE_LABELS[value].toLowerCase() : "un rôle inconnu");
const state = (value: unknown) => CHARTER_STATE_LABELS[value as CharterState]?.toLowerCase() ?? String(value ?? "");
const quoted = (value: unknown) => `«\u00a0${String(value ?? "")}\u00a0»`;
const who = (ctx: SentenceContext) => ctx.subjectName ?? "un membre";
const label = (labels: Record<string, string>, value: unknown) => labels[String(value)]?.toLowerCase() ?? String(value ?? "");
const PLATFORM_ROLES: Record<string, string> = { admin: "administrateur", creator: "créateur de chartes", member: "membre" };
// A recorded value is written in full, the French way (« 62,5 »): the journal rounds nothing.
const NUMBER = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 20 });
const number = (value: unknown) => (typeof value == "number" ? NUMBER.format(value) : String(value ?? ""));
const org = (d: Record<string, unknown>) => (typeof d.organisation == "string" ? theOrganisation(d.organisation) : "son organisation");

/** The version named in an event: as it is now if it still exists, else as the event recorded it. */
function version(d: Record<string, unknown>, ctx: SentenceContext): NameableVersion {
  if (ctx.version) return ctx.version;
  // Events recorded before named versions had numbers of their own keep only an order number: no V-number then.
  const kind: NameableVersion["kind"] = d.kind == "auto" ? "auto" : "named";
  return { kind, number: typeof d.number == "number" && d.kind ? d.number : null, label: String(d.label ?? ""), createdAt: String(d.createdAt ?? "") };
}
const the = (d: Record<string, unknown>, ctx: SentenceContext) => {
  const v = version(d, ctx);
  return v.kind == "named" && v.number == null ? `la version ${quoted(v.label)}` : theVersion(v, parisDateTime, true);
};

/**
 * Every action the code records in the audit log, in French: the sentence
 * shown after the actor's name in the journal (« Claire Martin a enregistré
 * la version V3 « … » »). A test checks that every action recorded is here.
 */
export const AUDIT_SENTENCES: Record<string, Sentence> = {
  "charter.created": (d) => `a créé la charte ${quoted(d.title)}`,
  "charter.renamed": (d) => `a renommé la charte ${quoted(d.from)} en ${quoted(d.to)}`,
  "charter.archived": (d) => `a archivé la charte (elle était ${state(d.from)})`,
  "charter.unarchived": (d) => `a désarchivé la charte (elle est de nouveau ${state(d.to)})`,
  "charter.deleted": (d) => `a supprimé la charte ${quoted(d.title)}`,
  "charter.frozen": (d, ctx) => `a figé ${the(d, ctx)} pour approbation`,
  "charter.frozen_with_placeholders": (d, ctx) => {
    const n = Number(d.count ?? 0);
    return `a confirmé figer ${the(d, ctx)} avec ${n} élément${n > 1 ? "s" : ""} encore à compléter`;
  },
  "charter.reopened": () => "a rouvert la rédaction",
  "version.saved": (d, ctx) => `a enregistré ${the(d, ctx)}`,
  "version.checkpoint": (d) => {
    const replaced = typeof d.replacedAt == "string" ? ` ; il remplace celui du ${parisDateTime(d.replacedAt)}, de la même séance de rédaction` : "";
    return `a pris un point de sauvegarde automatique${replaced}`;
  },
  "version.restored": (d, ctx) => `a restauré ${the(d, ctx)} : le projet en cours lui est identique`,
  "signing.opened": (d, ctx) => `a ouvert la signature de ${ctx.version ? the(d, ctx) : "la version figée"}`,
  "approval.approved": (d, ctx) => `a approuvé ${ctx.version ? the(d, ctx) : "la version figée"} pour ${org(d)}`,
  "approval.changes_requested": (d, ctx) => `a demandé des modifications de ${ctx.version ? the(d, ctx) : "la version figée"} pour ${org(d)}`,
  "signature.recorded": (d) => `a signé la charte pour ${org(d)}`,
  "signature.refused": (d) => `a refusé de signer pour ${org(d)}`,
  "signature.timestamp_failed": (d) => `n'a pas obtenu l'horodatage de sa signature : l'autorité d'horodatage n'a pas répondu${typeof d.error == "string" ? ` (${d.error})` : ""} ; la signature est enregistrée sans horodatage`,
  "charter.signed": (d) =>
    `a apposé la dernière signature : la charte est signée${typeof d.effectiveDate == "string" && typeof d.endDate == "string" ? ` (en vigueur du ${frenchDay(d.effectiveDate)} au ${frenchDay(d.endDate)})` : ""}`,
  "charter.published": () => "a publié la charte signée : son texte, ses signataires et la synthèse de sa dernière campagne close sont consultables sans connexion",
  "charter.unpublished": () => "a retiré la publication de la charte : sa page publique n'est plus consultable",
  "member.role_changed": (d, ctx) => `a changé le rôle ${ofName(who(ctx))} : ${role(d.from)} → ${role(d.to)}`,
  "member.removed": (d, ctx) => `a retiré ${who(ctx)} (${role(d.role)}) de la charte`,
  "invitation.created": (d) => `a invité ${String(d.email ?? "une personne")} comme ${role(d.role)}`,
  "invitation.accepted": (d) => `a rejoint la charte comme ${role(d.role)}${d.newAccount ? " (nouveau compte)" : ""}`,
  "invitation.revoked": (_d, ctx) => `a annulé l'invitation ${ctx.invitationEmail ? ofName(ctx.invitationEmail) : "d'une personne"}`,
  "comment.created": () => "a commenté un article",
  "comment.resolved": () => "a résolu une discussion",
  "comment.reopened": () => "a rouvert une discussion",
  "campaign.opened": (d) => `a ouvert la campagne de suivi ${quoted(d.label)}`,
  "campaign.in_review": () => "a passé la campagne de suivi en revue",
  "campaign.closed": () => "a clos la campagne de suivi (son état est figé et scellé par son empreinte)",
  "declaration.recorded": (d) => `a déclaré un engagement : ${label(DECLARATION_STATUSES, d.status)}${typeof d.revision == "number" && d.revision > 1 ? ` (révision ${d.revision})` : ""}`,
  "declaration.answered": (d) => `a répondu à la revue d'un engagement : ${label(DECLARATION_STATUSES, d.status)}`,
  "evidence.added": (d) => `a joint une pièce justificative${typeof d.filename == "string" ? ` ${quoted(d.filename)}` : typeof d.url == "string" ? ` (lien ${d.url})` : ""}`,
  "appraisal.recorded": (d) => `a apprécié une déclaration : ${label(APPRAISALS, d.appraisal)}${d.outcome ? `, ${label(APPRAISAL_OUTCOMES, d.outcome)}` : ""}`,
  "indicator.updated": (d) => `a modifié la définition de l'indicateur ${String(d.code ?? "")}`,
  "indicator_value.recorded": (d) => `a saisi la valeur ${number(d.value)} de l'indicateur ${String(d.code ?? "")} pour ${String(d.period ?? "")}${d.final ? " (définitive)" : ""}`,
  "indicator_values.imported": (d) => `a importé ${Number(d.count ?? 0)} valeur${Number(d.count ?? 0) > 1 ? "s" : ""} d'indicateurs`,
  // Platform events (not tied to one charter).
  "organisation.created": (d) => `a ajouté l'organisation ${quoted(d.name)}`,
  "user.platform_role_changed": (d) => `a changé un rôle sur la plateforme : ${label(PLATFORM_ROLES, d.from)} → ${label(PLATFORM_ROLES, d.to)}`,
  "user.logged_in": () => "s'est connecté",
  "user.logged_out": () => "s'est déconnecté",
  "user.login_failed": () => "a échoué à se connecter",
  "user.login_throttled": () => "a été temporairement bloqué après trop d'échecs de connexion",
};

/** The journal's filter on what happened: groups of actions, with their French names. */
export const AUDIT_KINDS = {
  charter: { label: "La charte (création, titre, archivage, publication)", prefixes: ["charter.created", "charter.renamed", "charter.archived", "charter.unarchived", "charter.deleted", "charter.published", "charter.unpublished"] },
  versions: { label: "Versions, restaurations et approbation", prefixes: ["version.", "charter.frozen", "charter.frozen_with_placeholders", "charter.reopened"] },
  signing: { label: "Approbation et signature", prefixes: ["signing.", "approval.", "signature.", "charter.signed"] },
  members: { label: "Membres et invitations", prefixes: ["member.", "invitation."] },
  comments: { label: "Commentaires", prefixes: ["comment."] },
  followup: { label: "Suivi des engagements", prefixes: ["campaign.", "declaration.", "evidence.", "appraisal.", "indicator.", "indicator_value.", "indicator_values."] },
} as const;

export type AuditKind = keyof typeof AUDIT_KINDS;

/** The actions of a kind (those the table knows). */
export function actionsOfKind(kind: AuditKind): string[] {
  const prefixes: readonly string[] = AUDIT_KINDS[kind].prefixes;
  return Object.keys(AUDIT_SENTENCES).filter((action) => prefixes.some((p) => (p.endsWith(".") ? action.startsWith(p) : action == p)));
}

/** The sentence of one event; an action this table does not know yet is still shown, by its code. */
export function auditSentence(event: SentenceEvent, ctx: SentenceContext): string {
  const sentence = AUDIT_SENTENCES[event.action];
  return sentence ? sentence(event.details ?? {}, ctx) : `a effectué l'action « ${event.action} »`;
}

