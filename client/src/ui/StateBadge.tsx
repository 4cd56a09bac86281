import { CHARTER_STATE_LABELS, type CharterState } from "../../../server/shared/roles.js";

/** A charter's state as a coloured label. */
export function StateBadge(props: { state: CharterState }) {
  return <span class={`badge badge-${props.state}`}>{CHARTER_STATE_LABELS[props.state]}</span>;
}
