import { ROLE_LABELS, isRole } from "../../../../server/shared/roles.js";
import { formatDateTime } from "../../format.js";
import type { AuditEvent, Member } from "../../types.js";

/** The charter's journal, newest first. */
export function AuditLog(props: { events: AuditEvent[]; members: Member[] }) {
  if (props.events.length == 0) return <p class="empty">Aucun événement.</p>;
  const names = new Map(props.members.map((m) => [m.userId, m.name]));
  return (
    <ol class="audit-log">
      {props.events.slice(0, 50).map((event) => (
        <li key={event.id}>
          <time dateTime={event.at}>{formatDateTime(event.at)}</time>
          <span>
            <strong>{event.actor?.name ?? "Le système"}</strong> {describe(event, names)}
          </span>
        </li>
      ))}
    </ol>
  );
}

function role(value: unknown): string {
  return isRole(value) ? ROLE_LABELS[value].toLowerCase() : String(value ?? "");
}

function describe(event: AuditEvent, names: Map<string, string>): string {
  const d = event.details ?? {};
  const subject = (event.subjectId && names.get(event.subjectId)) || "un membre";
  switch (event.action) {
    case "charter.created":
      return "a créé la charte.";
    case "invitation.created":
      return `a invité ${String(d.email ?? "une personne")} comme ${role(d.role)}.`;
    case "invitation.accepted":
      return `a rejoint la charte comme ${role(d.role)}.`;
    case "invitation.revoked":
      return "a annulé une invitation.";
    case "member.role_changed":
      return `a changé le rôle de ${subject} : ${role(d.from)} → ${role(d.to)}.`;
    case "member.removed":
      return `a retiré ${subject} (${role(d.role)}) de la charte.`;
    default:
      return `: ${event.action}`;
  }
}
