import { useEffect, useRef, useState } from "preact/hooks";
import { ROLES, ROLE_LABELS, type Role } from "../../../../server/shared/roles.js";
import { ofName } from "../../../../server/shared/frenchNames.js";
import { api, asApiError, type ApiError } from "../../api.js";
import { formatTimestampDay } from "../../format.js";
import type { Member } from "../../types.js";
import { ErrorAlert, Notice } from "../../ui/feedback.js";
import { ConfirmDialog } from "../../ui/ConfirmDialog.js";
import { useMe } from "../../ui/SessionContext.js";
import { navigate } from "../../router.js";

/** The charter's members; pilots can change roles and remove members. */
export function MembersList(props: { charterId: string; members: Member[]; canManage: boolean; onChanged(): void }) {
  const me = useMe();
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const title = useRef<HTMLHeadingElement>(null);

  async function run(action: () => Promise<void>, success: string) {
    setError(null);
    setDone(null);
    try {
      await action();
      setDone(success);
      props.onChanged();
    } catch (err) {
      setError(asApiError(err));
      // Someone else may have changed the list meanwhile; reloading also puts the selects back.
      props.onChanged();
    }
  }

  function changeRole(member: Member, role: Role) {
    void run(
      () => api("PATCH", `/charters/${encodeURIComponent(props.charterId)}/members/${encodeURIComponent(member.userId)}`, { body: { role } }),
      `${member.name} est désormais ${ROLE_LABELS[role].toLowerCase()}.`,
    );
  }

  const removingSelf = removing?.userId == me.user.id;

  async function remove(member: Member) {
    await api("DELETE", `/charters/${encodeURIComponent(props.charterId)}/members/${encodeURIComponent(member.userId)}`);
  }

  /** The row and its button are gone: the focus goes to the list's heading, beside the notice. */
  function removed(member: Member) {
    if (member.userId == me.user.id) return navigate("/");
    setError(null);
    setDone(`${member.name} a été retiré(e) de la charte.`);
    props.onChanged();
    title.current?.focus();
  }

  return (
    <section class="section-block" aria-labelledby="members-title">
      <h2 id="members-title" ref={title} tabIndex={-1}>
        Membres ({props.members.length})
      </h2>
      <ErrorAlert error={error} />
      {done && (
        <Notice kind="success">
          <p>{done}</p>
        </Notice>
      )}
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">Membres de la charte, avec leur organisation et leur rôle</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Organisation</th>
              <th scope="col">Rôle</th>
              <th scope="col">Membre depuis</th>
              {props.canManage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {byRole(props.members).map((member) => (
              <tr key={member.userId}>
                <th scope="row">
                  <span class="person">
                    <span class="person-name">
                      {member.name}
                      {member.userId == me.user.id && <span class="you"> (vous)</span>}
                    </span>
                    {member.jobTitle && <span class="person-detail">{member.jobTitle}</span>}
                    {member.email && <span class="person-detail">{member.email}</span>}
                  </span>
                </th>
                <td>{member.organisation?.name ?? "—"}</td>
                <td>{props.canManage ? <RoleChanger member={member} onChange={(role) => changeRole(member, role)} /> : ROLE_LABELS[member.role]}</td>
                <td>{formatTimestampDay(member.since)}</td>
                {props.canManage && (
                  <td>
                    <button type="button" class="button button-danger button-small" onClick={() => setRemoving(member)}>
                      Retirer<span class="visually-hidden"> {member.name}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {removing && (
        <ConfirmDialog
          title={removingSelf ? "Vous retirer de cette charte ?" : `Retirer ${removing.name} de la charte ?`}
          confirmLabel={removingSelf ? "Me retirer" : "Retirer"}
          danger
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(null)}
          onDone={() => removed(removing)}
        >
          <p>{removingSelf ? "Vous n'aurez plus accès à cette charte." : "Cette personne n'aura plus accès à la charte."}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** A role select and its button: choosing in the list changes nothing until confirmed (arrow keys would otherwise fire a change per step). */
function RoleChanger(props: { member: Member; onChange(role: Role): void }) {
  const [role, setRole] = useState<Role>(props.member.role);
  // Back to the saved role once the list is reloaded (after a change, or a refused one).
  useEffect(() => setRole(props.member.role), [props.member]);
  const id = `role-${props.member.userId}`;
  return (
    <form
      class="role-changer"
      onSubmit={(event) => {
        event.preventDefault();
        if (role != props.member.role) props.onChange(role);
      }}
    >
      <label for={id} class="visually-hidden">
        Rôle {ofName(props.member.name)}
      </label>
      <select id={id} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <button type="submit" class="button button-secondary button-small" aria-disabled={role == props.member.role}>
        Modifier<span class="visually-hidden"> le rôle {ofName(props.member.name)}</span>
      </button>
    </form>
  );
}

/** Members by role (pilots first, as in ROLES), then by name. */
function byRole(members: Member[]): Member[] {
  return [...members].sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.name.localeCompare(b.name, "fr"));
}
