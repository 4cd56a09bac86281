import { useRef, useState } from "preact/hooks";
import { api } from "../../api.js";
import { useDialogSubmit } from "../useDialogSubmit.js";
import { FormActions } from "./FormActions.js";
import { useMe } from "../SessionContext.js";
import { Dialog } from "../Dialog.js";
import { ErrorAlert } from "../feedback.js";
import { Field, errorFor, fieldAttributes } from "../Field.js";
import { SignaturePadField, type DrawnSignature } from "./SignaturePadField.js";

/**
 * Signing the frozen version for one's organisation, in the order the
 * evidence needs: the version and its SHA-256 (the text is on the « Texte »
 * tab), the password again, the capacity one signs in (and a delegation),
 * the signature drawn or typed, and the explicit consent sentence given by
 * the server. The hash shown is the one sent: if the version changed
 * meanwhile, the server refuses.
 */
export function SignDialog(props: {
  charterId: string;
  organisationName: string;
  versionName: string;
  versionHash: string;
  consentText: string;
  onClose(): void;
  onDone(): void;
}) {
  const me = useMe();
  const [password, setPassword] = useState("");
  const [capacity, setCapacity] = useState(me.user.jobTitle ?? "");
  const [delegated, setDelegated] = useState(false);
  const [delegation, setDelegation] = useState("");
  const [mode, setMode] = useState<"typed" | "drawn">("typed");
  const [typedName, setTypedName] = useState(me.user.name);
  const [drawn, setDrawn] = useState<DrawnSignature | null>(null);
  const [consent, setConsent] = useState(false);
  const clearPad = useRef<(() => void) | null>(null);

  const { busy, error, submit } = useDialogSubmit(
    () =>
      api("POST", `/charters/${encodeURIComponent(props.charterId)}/signatures`, {
        // A wrong password is an answer to show here, not the end of the session.
        sessionCheck: false,
        body: {
          versionHash: props.versionHash, password, capacity, consent,
          ...(delegated ? { delegation } : {}),
          mode, ...(mode == "typed" ? { typedName } : drawn ? { image: drawn } : {}),
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        },
      }),
    { onClose: props.onClose, onDone: props.onDone, onError: (err) => err.status == 401 && setPassword("") },
  );

  const fieldError = (field: string) => errorFor(error, field) ?? (field == "password" && error?.status == 401 ? error.message : undefined);
  return (
    <Dialog title={`Signer la ${props.versionName}`} onClose={props.onClose}>
      <form class="dialog-body sign-form" onSubmit={submit} noValidate>
        <p>
          Vous signez au nom de l'organisation <strong>{props.organisationName}</strong> le texte de la {props.versionName}, tel qu'il figure dans l'onglet « Texte ».
        </p>
        <p class="sign-hash">
          Empreinte SHA-256 du texte signé : <code>{props.versionHash}</code>
        </p>
        <Field id="sign-password" label="Votre mot de passe" hint="Vous vous authentifiez de nouveau pour signer." error={fieldError("password")}>
          <input {...fieldAttributes("sign-password", { hint: true, error: fieldError("password") })} type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <Field id="sign-capacity" label="Qualité du signataire" hint="Par exemple : Préfet de Maine-et-Loire, Directrice de la CAF." error={errorFor(error, "capacity")}>
          <input {...fieldAttributes("sign-capacity", { hint: true, error: errorFor(error, "capacity") })} type="text" value={capacity} onInput={(e) => setCapacity(e.currentTarget.value)} />
        </Field>
        <p class="checkbox-line">
          <input id="sign-delegated" type="checkbox" checked={delegated} onChange={(e) => setDelegated(e.currentTarget.checked)} />
          <label for="sign-delegated">Je signe par délégation</label>
        </p>
        {delegated && (
          <Field id="sign-delegation" label="Référence de l'acte de délégation" hint="Par exemple : arrêté préfectoral n° 2026-DDETS-12 du 4 janvier 2026." error={errorFor(error, "delegation")}>
            <input {...fieldAttributes("sign-delegation", { hint: true, error: errorFor(error, "delegation") })} type="text" value={delegation} onInput={(e) => setDelegation(e.currentTarget.value)} />
          </Field>
        )}
        <fieldset class="field sign-mode">
          <legend>Votre signature</legend>
          <p class="radio-line">
            <input id="sign-mode-typed" type="radio" name="sign-mode" checked={mode == "typed"} onChange={() => setMode("typed")} />
            <label for="sign-mode-typed">Saisir mon nom</label>
          </p>
          <p class="radio-line">
            <input id="sign-mode-drawn" type="radio" name="sign-mode" checked={mode == "drawn"} onChange={() => setMode("drawn")} />
            <label for="sign-mode-drawn">Tracer ma signature (souris, doigt ou stylet)</label>
          </p>
        </fieldset>
        {mode == "typed" ? (
          <Field id="sign-typed" label="Nom tel qu'il apparaîtra comme signature" error={errorFor(error, "typedName")}>
            <input {...fieldAttributes("sign-typed", { error: errorFor(error, "typedName") })} type="text" class="typed-signature" value={typedName} onInput={(e) => setTypedName(e.currentTarget.value)} />
          </Field>
        ) : (
          <div class={"field" + (errorFor(error, "image") ? " field-invalid" : "")}>
            <p id="sign-pad-label" class="label">Tracez votre signature dans le cadre</p>
            <SignaturePadField labelledBy="sign-pad-label" onChange={setDrawn} clearRef={clearPad} />
            <button type="button" class="button button-small button-secondary" onClick={() => clearPad.current?.()}>
              Effacer le tracé
            </button>
            {errorFor(error, "image") && (
              <p class="field-error" role="alert">
                {errorFor(error, "image")}
              </p>
            )}
          </div>
        )}
        <p class="checkbox-line consent-line">
          <input id="sign-consent" type="checkbox" checked={consent} onChange={(e) => setConsent(e.currentTarget.checked)} />
          <label for="sign-consent">{props.consentText}</label>
        </p>
        <p class="hint">
          Signature électronique simple, scellée par la plateforme. L'acte de signature est ce clic, après authentification et consentement, sur
          une version identifiée par son empreinte ; le tracé ou le nom saisi en est la marque visible.
        </p>
        <ErrorAlert error={error?.status == 401 ? null : error} fields={["password", "capacity", "delegation", "typedName", "image"]} />
        <FormActions label="Signer" busyLabel="Signature en cours…" busy={busy} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
