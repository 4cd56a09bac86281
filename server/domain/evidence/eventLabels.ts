/** What an audit entry records, in French, for the evidence file's event log. */
const LABELS: Record<string, string> = {
  "charter.created": "Charte créée",
  "charter.frozen": "Version figée et soumise à l'approbation",
  "charter.frozen_with_placeholders": "Version figée avec des éléments restant à compléter",
  "charter.reopened": "Rédaction rouverte (tour d'approbation annulé)",
  "charter.signed": "Charte signée par toutes les organisations",
  "approval.approved": "Version approuvée (visa)",
  "approval.changes_requested": "Modifications demandées",
  "signing.opened": "Signature ouverte",
  "signature.recorded": "Signature enregistrée",
  "signature.refused": "Signature refusée",
  "comment.created": "Commentaire ajouté",
  "comment.resolved": "Discussion résolue",
  "comment.reopened": "Discussion rouverte",
  "member.removed": "Membre retiré",
  "member.role_changed": "Rôle d'un membre changé",
  "invitation.created": "Invitation envoyée",
  "invitation.accepted": "Invitation acceptée",
  "invitation.revoked": "Invitation annulée",
  "version.saved": "Version enregistrée",
  "version.checkpoint": "Version automatique enregistrée",
  "version.restored": "Version restaurée",
  "user.login_throttled": "Trop d'essais de mot de passe : essais suspendus",
};

/** The label of an entry; a failed password is told apart when it was typed to sign. */
export function eventLabel(action: string, details: unknown): string {
  const via = (details as { via?: string } | null)?.via;
  if (action == "user.login_failed") return via == "signature" ? "Échec de la nouvelle authentification avant signature (mot de passe incorrect)" : "Échec de connexion";
  return LABELS[action] ?? action;
}
