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
      .to.equal("a changé le rôle de Julien Bernard : Lecteur → Rédacteur");
    expect(auditSentence({ action: "charter.renamed", details: { from: "Charte", to: "Charte 49" } }, none)).to.equal("a renommé la charte «\u00a0Charte\u00a0» en «\u00a0Charte 49\u00a0»");
    // An event recorded before named versions had numbers of their own: its order number is not a V-number.
    expect(auditSentence({ action: "version.saved", details: { number: 4, label: "Ancienne" } }, none)).to.equal("a enregistré la version «\u00a0Ancienne\u00a0»");
    expect(auditSentence({ action: "something.new", details: null }, none)).to.equal("a effectué l'action « something.new »");
  });

  it("sorts every charter action into one kind of the filter", () => {
    const charterActions = Object.keys(AUDIT_SENTENCES).filter((a) => !a.startsWith("user.") && a != "organisation.created");
    const kinds = Object.keys(AUDIT_KINDS) as (keyof typeof AUDIT_KINDS)[];
    for (const action of charterActions) expect(kinds.filter((k) => actionsOfKind(k).includes(action)), action).to.have.length(1);
  });
});
