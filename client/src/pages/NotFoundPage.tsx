import { PageHeading } from "../ui/PageHeading.js";

/** Any address the client does not know. */
export function NotFoundPage() {
  return (
    <div class="container narrow">
      <PageHeading title="Page introuvable" />
      <p>L'adresse demandée ne correspond à aucune page.</p>
      <p>
        <a href="/">Retour à mes chartes</a>
      </p>
    </div>
  );
}
