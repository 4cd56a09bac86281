import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { actionsOfKind, auditSentence, AUDIT_KINDS, AUDIT_SENTENCES } from "../../server/domain/journal/auditSentences.js";

/** Every `*.ts` file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The action strings the server records: literals like "charter.renamed" on the lines that record audit events. */
function recordedActions(): string[] {
  const found = new Set<string>();
  for (const file of sources("server")) {
    const text = readFileSync(file, "utf8");
    if (!/recordAudit\(|openSession\(|audit\(/.test(text)) continue;
    for (const line of text.split("\n"))
      if (/action|audit\(|openSession\(/.test(line)) for (const m of line.matchAll(/"([a-z]+\.[a-z][a-z_]*)"/g)) found.add(m[1]);
  }
  return [...found].sort();
}

const none = { subjectName: null, invitationEmail: null, version: null };

describe("the journal's sentences", () => {
  it("put every action the server records into French", () => {
    const recorded = recordedActions();
    expect(recorded).to.include.members(["charter.created", "version.saved", "member.role_changed", "user.logged_in"]);
    expect(recorded.filter((a) => !(a in AUDIT_SENTENCES))).to.deep.equal([]);
  });

  it("name versions by their V-number, checkpoints by their date, and members by name", () => {
    expect(auditSentence({ action: "version.saved", details: { number: 3, kind: "named", label: "Après le comité", createdAt: "2026-12-01T09:00:00Z" } }, none))
      .to.equal("a enregistré la version V3 «\u00a0Après le comité\u00a0»");
    expect(auditSentence({ action: "version.restored", details: { number: null, kind: "auto", label: "Point de sauvegarde automatique", createdAt: "2026-12-01T09:05:00Z" } }, none))
      .to.equal("a restauré le point de sauvegarde du 1er déc. 2026, 10:05 : le projet en cours lui est identique");
    expect(auditSentence({ action: "member.role_changed", details: { from: "reader", to: "editor" } }, { ...none, subjectName: "Julien Bernard" }))
      .to.equal("a changé le rôle de Julien Bernard : lecteur → rédacteur");
    expect(auditSentence({ action: "charter.renamed", details: { from: "Charte", to: "Charte 49" } }, none)).to.equal("a renommé la charte «\u00a0Charte\u00a0» en «\u00a0Charte 49\u00a0»");
    // An event recorded before named versions had numbers of their own: its order number is not a V-number.
    expect(auditSentence({ action: "version.saved", details: { number: 4, label: "Ancienne" } }, none)).to.equal("a enregistré la version «\u00a0Ancienne\u00a0»");
    expect(auditSentence({ action: "something.new", details: null }, none)).to.equal("a effectué l'action « something.new »");
  });

  it("write numbers and days the French way, in full", () => {
    expect(auditSentence({ action: "indicator_value.recorded", details: { code: "IND-1", period: "2026", value: 62.5, final: false } }, none))
      .to.equal("a saisi la valeur 62,5 de l'indicateur IND-1 pour 2026");
    expect(auditSentence({ action: "indicator_value.recorded", details: { code: "IND-2", period: "2027", value: 1234.125, final: true } }, none))
      .to.equal("a saisi la valeur 1\u202f234,125 de l'indicateur IND-2 pour 2027 (définitive)");
    expect(auditSentence({ action: "charter.signed", details: { effectiveDate: "2026-12-02", endDate: "2032-12-01" } }, none))
      .to.equal("a apposé la dernière signature : la charte est signée (en vigueur du 2 décembre 2026 au 1er décembre 2032)");
  });

  it("write roles, statuses and appraisals inside a sentence without a capital", () => {
    expect(auditSentence({ action: "invitation.created", details: { email: "a@example.org", role: "reader" } }, none)).to.equal("a invité a@example.org comme lecteur");
    expect(auditSentence({ action: "invitation.accepted", details: { role: "committee" } }, none)).to.equal("a rejoint la charte comme comité de suivi");
    expect(auditSentence({ action: "member.removed", details: { role: "signatory" } }, { ...none, subjectName: "Paul Durand" })).to.equal("a retiré Paul Durand (signataire) de la charte");
    expect(auditSentence({ action: "declaration.recorded", details: { status: "realise", revision: 1 } }, none)).to.equal("a déclaré un engagement : réalisé");
    expect(auditSentence({ action: "declaration.answered", details: { status: "sans_objet" } }, none)).to.equal("a répondu à la revue d'un engagement : sans objet");
    expect(auditSentence({ action: "appraisal.recorded", details: { appraisal: "aucun_element", outcome: "a_completer" } }, none)).to.equal("a apprécié une déclaration : aucun élément probant, à compléter");
    expect(auditSentence({ action: "user.platform_role_changed", details: { from: "member", to: "creator" } }, none)).to.equal("a changé un rôle sur la plateforme : membre → créateur de chartes");
  });

  it("elide « de » before a name that starts with a vowel", () => {
    expect(auditSentence({ action: "member.role_changed", details: { from: "reader", to: "editor" } }, { ...none, subjectName: "Émilie Roux" }))
      .to.equal("a changé le rôle d'Émilie Roux : lecteur → rédacteur");
    expect(auditSentence({ action: "invitation.revoked", details: null }, { ...none, invitationEmail: "antoine@example.org" })).to.equal("a annulé l'invitation d'antoine@example.org");
    expect(auditSentence({ action: "invitation.revoked", details: null }, { ...none, invitationEmail: "paul@example.org" })).to.equal("a annulé l'invitation de paul@example.org");
  });

  it("sorts every charter action into one kind of the filter", () => {
    const charterActions = Object.keys(AUDIT_SENTENCES).filter((a) => !a.startsWith("user.") && a != "organisation.created");
    const kinds = Object.keys(AUDIT_KINDS) as (keyof typeof AUDIT_KINDS)[];
    for (const action of charterActions) expect(kinds.filter((k) => actionsOfKind(k).includes(action)), action).to.have.length(1);
  });
});
