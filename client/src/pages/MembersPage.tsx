import { useState } from "preact/hooks";
import { api } from "../api.js";
import type { AuditEvent, Charter, Invitation, Member, Organisation } from "../types.js";
import { PageHeading } from "../ui/PageHeading.js";
import { ErrorAlert, Loading } from "../ui/feedback.js";
import { useResource } from "../ui/useResource.js";
import { MembersList } from "./members/MembersList.js";
import { PendingInvitations } from "./members/PendingInvitations.js";
import { InviteForm } from "./members/InviteForm.js";
import { AuditLog } from "./members/AuditLog.js";

/** `/chartes/:id/membres`: who takes part in the charter; pilots also invite and manage. */
export function MembersPage(props: { charterId: string }) {
  const id = encodeURIComponent(props.charterId);
  // Bumped after each change, so that every list (and the journal) shows it.
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);
  const charter = useResource((signal) => api<{ charter: Charter }>("GET", `/charters/${id}`, { signal }).then((r) => r.charter), [id, changes]);
  const members = useResource((signal) => api<{ members: Member[] }>("GET", `/charters/${id}/members`, { signal }).then((r) => r.members), [id, changes]);

  if (charter.error) {
    return (
      <div class="container">
        <PageHeading title="Membres indisponibles" />
        <ErrorAlert error={charter.error} />
        <p>
          <a href="/">Retour à mes chartes</a>
        </p>
      </div>
    );
  }
  if (!charter.data) return <div class="container"><Loading /></div>;
  const c = charter.data;
  const heading = c.abilities["invitations:manage"] ? "Membres et invitations" : "Membres";

  return (
    <div class="container">
      <nav class="breadcrumb" aria-label="Fil d'Ariane">
        <a href="/">Mes chartes</a> <span aria-hidden="true">›</span> <a href={`/chartes/${c.id}`}>{c.title}</a> <span aria-hidden="true">›</span>{" "}
        <span aria-current="page">{heading}</span>
      </nav>
      <PageHeading title={`${heading} — ${c.title}`}>{heading}</PageHeading>
      <p class="lead">
        Charte : <a href={`/chartes/${c.id}`}>{c.title}</a>
      </p>

      <ErrorAlert error={members.error} />
      {members.loading && !members.data && <Loading />}
      {members.data && (
        <MembersList
          charterId={c.id}
          members={members.data}
          canManage={!!c.abilities["members:manage"]}
          onChanged={changed}
        />
      )}

      {c.abilities["invitations:manage"] && <InvitationsSection charter={c} changes={changes} onChanged={changed} />}
      {c.abilities["audit:read"] && <AuditSection charterId={c.id} changes={changes} />}
    </div>
  );
}

function InvitationsSection(props: { charter: Charter; changes: number; onChanged(): void }) {
  const id = encodeURIComponent(props.charter.id);
  const invitations = useResource(
    (signal) => api<{ invitations: Invitation[] }>("GET", `/charters/${id}/invitations`, { signal }).then((r) => r.invitations),
    [id, props.changes],
  );
  const code = props.charter.departement.code;
  const organisations = useResource(
    (signal) => api<{ organisations: Organisation[] }>("GET", `/organisations?departement=${encodeURIComponent(code)}`, { signal }).then((r) => r.organisations),
    [code],
  );
  return (
    <>
      <section class="section-block" aria-labelledby="invite-title">
        <h2 id="invite-title">Inviter un partenaire</h2>
        <ErrorAlert error={organisations.error} />
        <InviteForm charterId={props.charter.id} organisations={organisations.data ?? []} onInvited={props.onChanged} />
      </section>
      <section class="section-block" aria-labelledby="pending-title">
        <h2 id="pending-title" tabIndex={-1}>Invitations en attente</h2>
        <ErrorAlert error={invitations.error} />
        {invitations.loading && !invitations.data && <Loading />}
        {invitations.data && <PendingInvitations charterId={props.charter.id} invitations={invitations.data} onChanged={props.onChanged} headingId="pending-title" />}
      </section>
    </>
  );
}

function AuditSection(props: { charterId: string; changes: number }) {
  return (
    <section class="section-block" aria-labelledby="audit-title">
      <h2 id="audit-title">Journal</h2>
      <AuditLog charterId={props.charterId} changes={props.changes} />
    </section>
  );
}
