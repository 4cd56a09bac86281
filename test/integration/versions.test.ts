import { expect } from "chai";
import * as Y from "yjs";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { connectClient, eventually, fragmentOf, type TestClient } from "../helpers/collab.js";
import { contentHash } from "../../server/domain/versions/canonical.js";
import { parseCharterDocument } from "../../server/shared/validate.js";

/** The clause elements of a doc, in order. */
function clauses(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  for (const s of fragmentOf(doc).toArray())
    if (s instanceof Y.XmlElement && s.nodeName == "section")
      for (const c of s.toArray()) if (c instanceof Y.XmlElement && c.nodeName == "clause") out.push(c);
  return out;
}
const firstParagraphText = (clause: Y.XmlElement) => (clause.toArray().find((c) => (c as Y.XmlElement).nodeName == "paragraph") as Y.XmlElement).get(0) as Y.XmlText;
const firstCommitment = (doc: Y.Doc) => clauses(doc).flatMap((c) => c.toArray()).find((c) => (c as Y.XmlElement).nodeName == "commitment") as Y.XmlElement;

/** A clause element as y-prosemirror would build it. */
function yClause(id: string, heading: string, text: string): Y.XmlElement {
  const el = new Y.XmlElement("clause");
  el.setAttribute("id", id);
  const h = new Y.XmlElement("clause_heading");
  h.insert(0, [new Y.XmlText(heading)]);
  const para = new Y.XmlElement("paragraph");
  para.insert(0, [new Y.XmlText(text)]);
  el.insert(0, [h, para]);
  return el;
}

for (const kind of databaseKinds()) describe(`versions, differences, restore, freeze and comments on ${kind.name}`, function () {
  this.timeout(30000);
  let server: TestServer;
  let charterId: string;
  let pilot: string, editor: string, reader: string;
  const clients: TestClient[] = [];
  const connect = async (token: string) => {
    const c = await connectClient(server, charterId, token);
    clients.push(c);
    return c;
  };
  const save = async (label: string, token = pilot) => (await server.api("POST", `/api/charters/${charterId}/versions`, { token, body: { label } })).body;

  beforeEach(async () => {
    server = await startTestServer({ database: kind, hub: { recheckIntervalMs: 500 } });
    charterId = await demoCharterId(server);
    [pilot, editor, reader] = await Promise.all(["pilote@example.org", "redacteur@example.org", "lecteur@example.org"].map((e) => server.login(e)));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
  });

  it("saves an immutable named version with its number, author and content hash", async () => {
    const first = await save("V1 — premier jet");
    expect(first).to.include({ number: 1 });
    expect(first.hash).to.match(/^[0-9a-f]{64}$/);
    const second = await save("V2 — après le comité du 12 mars", editor);
    expect(second.number).to.equal(2);
    expect(second.hash).to.equal(first.hash); // same content, same hash
    const list = (await server.api("GET", `/api/charters/${charterId}/versions`, { token: reader })).body.versions;
    expect(list.map((v: { number: number }) => v.number)).to.deep.equal([2, 1]);
    expect(list[0]).to.deep.include({ label: "V2 — après le comité du 12 mars", kind: "named" });
    expect(list[0].author.name).to.equal("Julien Bernard");
    const one = (await server.api("GET", `/api/charters/${charterId}/versions/${first.id}`, { token: reader })).body.version;
    expect(contentHash(parseCharterDocument(one.document))).to.equal(first.hash);
    const bad = await server.api("POST", `/api/charters/${charterId}/versions`, { token: pilot, body: { label: " " } });
    expect(bad.body.error).to.deep.include({ field: "label", message: "Donnez un nom à la version." });
  });

  it("shows clause-by-clause differences with words, moves, splits and commitments, credited to their authors", async () => {
    const a = await connect(pilot);   // Claire Martin, DDETS
    const b = await connect(editor);  // Julien Bernard, Conseil départemental
    const v1 = await save("V1");
    const [c0, c1, c2, c3, c4] = clauses(a.doc);
    const ids = [c0, c1, c2, c3, c4].map((c) => c.getAttribute("id") as string);

    // Claire inserts words in article 1; Julien deletes a word in article 2.
    firstParagraphText(c0).insert(0, "Désormais, ");
    await a.stored();
    await eventually(() => firstParagraphText(clauses(b.doc)[0]).toString().startsWith("Désormais"), 3000, "sync");
    const t1 = firstParagraphText(clauses(b.doc)[1]);
    const firstWord = t1.toString().split(" ")[0];
    t1.delete(0, firstWord.length + 1);
    // Julien reassigns a commitment to another organisation.
    const orgs = (await server.api("GET", `/api/charters/${charterId}`, { token: pilot })).body.charter.signatories;
    const commitment = firstCommitment(b.doc);
    const newParty = orgs.find((o: { id: string }) => o.id != commitment.getAttribute("party")).id;
    commitment.setAttribute("party", newParty);
    await b.stored();
    // Claire moves article 3 after article 4 (y-prosemirror moves by delete + insert of a copy).
    await eventually(() => firstCommitment(a.doc).getAttribute("party") == newParty, 3000, "sync");
    const section = clauses(a.doc)[2].parent as Y.XmlElement;
    a.doc.transact(() => {
      const index = section.toArray().indexOf(clauses(a.doc)[2]);
      const copy = yClause(ids[2], "Article déplacé", firstParagraphText(clauses(a.doc)[2]).toString());
      section.delete(index, 1);
      section.insert(index + 1, [copy]);
    });
    // Julien splits article 5: its end becomes a new article.
    await a.stored();
    await eventually(() => clauses(b.doc)[3].getAttribute("id") == ids[2], 3000, "sync");
    const c4b = clauses(b.doc)[4];
    const text4 = firstParagraphText(c4b);
    const cut = Math.floor(text4.length / 2);
    const tail = text4.toString().slice(cut);
    b.doc.transact(() => {
      text4.delete(cut, text4.length - cut);
      const parent = c4b.parent as Y.XmlElement;
      parent.insert(parent.toArray().indexOf(c4b) + 1, [yClause("cl-scission", "Suite de l'article", tail)]);
    });
    await b.stored();
    await eventually(() => clauses(a.doc).some((c) => c.getAttribute("id") == "cl-scission"), 3000, "sync");
    const v2 = await save("V2");

    const diff = (await server.api("GET", `/api/charters/${charterId}/diff?from=${v1.id}&to=${v2.id}`, { token: reader })).body;
    expect(diff.from).to.deep.include({ id: v1.id, number: 1 });
    const byId = (id: string) => diff.clauses.find((c: { clauseId: string }) => c.clauseId == id);

    const words = byId(ids[0]);
    expect(words).to.deep.include({ change: "changed", modified: true, moved: false });
    expect(words.body.find((p: { type: string }) => p.type == "insert").value).to.contain("Désormais");
    expect(words.authors).to.deep.equal([{ id: words.authors[0].id, name: "Claire Martin", organisation: "Préfecture de Maine-et-Loire — DDETS" }]);

    const deletion = byId(ids[1]);
    const removed = deletion.body.find((p: { type: string }) => p.type == "delete");
    expect(removed.value).to.contain(firstWord);
    expect(removed.authors[0].name).to.equal("Julien Bernard");

    const reassigned = diff.clauses.flatMap((c: { commitments: unknown[] }) => c.commitments).find((c: { reassigned: boolean }) => c.reassigned);
    expect(reassigned.party.to).to.equal(newParty);
    expect(reassigned.authors[0]).to.include({ name: "Julien Bernard", organisation: "Conseil départemental de Maine-et-Loire" });

    const moved = byId(ids[2]);
    expect(moved.moved).to.equal(true);
    expect(moved.number).to.deep.equal({ from: 3, to: 4 });
    expect(moved.authors.map((x: { name: string }) => x.name)).to.include("Claire Martin");

    const split = byId(ids[4]);
    expect(split.body.find((p: { type: string }) => p.type == "delete").value).to.contain(tail.trim().split(" ")[0]);
    const added = byId("cl-scission");
    expect(added).to.deep.include({ change: "added" });
    expect(added.authors[0].name).to.equal("Julien Bernard");
    expect(diff.summary).to.deep.include({ added: 1, removed: 0 });
    expect(diff.summary.moved).to.be.at.least(1);
  });

  it("credits concurrent edits of one clause to each organisation", async () => {
    const a = await connect(pilot);
    const b = await connect(editor);
    const v1 = await save("V1");
    const id = clauses(a.doc)[6].getAttribute("id") as string;
    // Both type into the same clause at the same time, before seeing each other.
    firstParagraphText(clauses(a.doc)[6]).insert(0, "Pour l'État : ");
    const tb = firstParagraphText(clauses(b.doc)[6]);
    tb.insert(tb.length, " Pour le Département.");
    await Promise.all([a.stored(), b.stored()]);
    await eventually(() => firstParagraphText(clauses(a.doc)[6]).toString() == firstParagraphText(clauses(b.doc)[6]).toString(), 3000, "convergence");
    const diff = (await server.api("GET", `/api/charters/${charterId}/diff?from=${v1.id}&to=draft`, { token: pilot })).body;
    const change = diff.clauses.find((c: { clauseId: string }) => c.clauseId == id);
    const inserts = change.body.filter((p: { type: string }) => p.type == "insert");
    const authorOf = (text: string) => inserts.find((p: { value: string }) => p.value.includes(text)).authors.map((x: { organisation: string }) => x.organisation);
    expect(authorOf("l'État")).to.deep.equal(["Préfecture de Maine-et-Loire — DDETS"]);
    expect(authorOf("Département.")).to.deep.equal(["Conseil départemental de Maine-et-Loire"]);
    expect(change.authors).to.have.length(2);
  });

  it("restores an earlier version as a new change that connected collaborators see at once", async () => {
    const watcher = await connect(reader);
    const a = await connect(editor);
    const v1 = await save("V1");
    firstParagraphText(clauses(a.doc)[0]).insert(0, "Texte à annuler. ");
    await a.stored();
    await eventually(() => firstParagraphText(clauses(watcher.doc)[0]).toString().startsWith("Texte à annuler"), 3000, "sync");
    const res = await server.api("POST", `/api/charters/${charterId}/versions/${v1.id}/restore`, { token: pilot });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    await eventually(() => !firstParagraphText(clauses(watcher.doc)[0]).toString().startsWith("Texte à annuler"), 3000, "restore reaches the reader");
    const draft = (await server.api("GET", `/api/charters/${charterId}/document`, { token: pilot })).body.document;
    expect(contentHash(parseCharterDocument(draft))).to.equal(v1.hash);
    // History is kept: both versions are still there, and the draft can go back again.
    expect((await server.api("GET", `/api/charters/${charterId}/versions`, { token: pilot })).body.versions).to.have.length.at.least(1);
    const diff = (await server.api("GET", `/api/charters/${charterId}/diff?from=${v1.id}&to=draft`, { token: pilot })).body;
    expect(diff.clauses).to.deep.equal([]);
    // The draft it replaced is on record, and holds the text typed since V1.
    const versions = (await server.api("GET", `/api/charters/${charterId}/versions`, { token: pilot })).body.versions;
    const before = versions.find((v: { label: string }) => v.label == "Avant la restauration de la version V1");
    expect(before).to.deep.include({ kind: "auto" });
    const kept = (await server.api("GET", `/api/charters/${charterId}/versions/${before.id}`, { token: pilot })).body.version.document;
    expect(JSON.stringify(kept)).to.contain("Texte à annuler");
    expect(firstParagraphText(clauses(a.doc)[0]).toString()).to.equal(firstParagraphText(clauses(watcher.doc)[0]).toString());
  });

  it("freezes a version: read-only for everyone on the WebSocket and REST, until reopened", async () => {
    const a = await connect(editor);
    a.provider.awareness.setLocalStateField("user", { color: "#336699" });
    await eventually(() => a.canEdit === true, 2000, "edit access");
    const observer = await connect(reader);
    const julien = () => [...observer.provider.awareness.getStates().values()].find((s) => s.user?.name == "Julien Bernard")?.user;
    await eventually(() => julien()?.mode == "editing", 3000, "presence");
    const v1 = await save("V1 à approuver");
    const frozen = await server.api("POST", `/api/charters/${charterId}/freeze`, { token: pilot, body: { versionId: v1.id, confirmPlaceholders: true } });
    expect(frozen.body.charter).to.deep.equal({ id: charterId, state: "frozen", frozenVersionId: v1.id });
    await eventually(() => a.canEdit === false, 3000, "read-only");
    const before = firstParagraphText(clauses(a.doc)[0]).toString();
    firstParagraphText(clauses(a.doc)[0]).insert(0, "Interdit ");
    await a.stored();
    const draft = JSON.stringify((await server.api("GET", `/api/charters/${charterId}/document`, { token: pilot })).body.document);
    expect(draft).not.to.contain("Interdit");
    const charter = (await server.api("GET", `/api/charters/${charterId}`, { token: editor })).body.charter;
    expect(charter).to.deep.include({ state: "frozen", frozenVersionId: v1.id });
    expect(charter.abilities["document:edit"]).to.equal(false);
    const refused = await server.api("POST", `/api/charters/${charterId}/versions`, { token: editor, body: { label: "V2" } });
    expect(refused.status).to.equal(409);
    expect(refused.body.error.id).to.equal("charter_state");
    expect((await server.api("POST", `/api/charters/${charterId}/freeze`, { token: pilot, body: { versionId: v1.id, confirmPlaceholders: true } })).status).to.equal(409);
    // Presence says the editor now only reads.
    await eventually(() => julien()?.mode == "reading", 3000, "presence mode");

    expect((await server.api("POST", `/api/charters/${charterId}/reopen`, { token: pilot })).body.charter.state).to.equal("drafting");
    await eventually(() => a.canEdit === true, 3000, "editable again");
    expect(before).to.be.a("string");
    const audit = (await server.api("GET", `/api/charters/${charterId}/audit`, { token: pilot })).body.events.map((e: { action: string }) => e.action);
    expect(audit).to.include.members(["charter.frozen", "charter.reopened", "version.saved"]);
  });

  it("freezes only named versions", async () => {
    const a = await connect(editor);
    firstParagraphText(clauses(a.doc)[0]).insert(0, "Modifié ");
    await a.stored();
    a.destroy();
    await eventually(async () => (await server.api("GET", `/api/charters/${charterId}/versions`, { token: pilot })).body.versions.length > 0, 5000, "checkpoint");
    const [checkpoint] = (await server.api("GET", `/api/charters/${charterId}/versions`, { token: pilot })).body.versions;
    const res = await server.api("POST", `/api/charters/${charterId}/freeze`, { token: pilot, body: { versionId: checkpoint.id } });
    expect(res.status).to.equal(400);
    expect(res.body.error.field).to.equal("versionId");
  });

  it("keeps an automatic checkpoint when the last editor leaves after changes", async () => {
    const a = await connect(editor);
    firstParagraphText(clauses(a.doc)[0]).insert(0, "Modifié ");
    await a.stored();
    a.destroy();
    await eventually(async () => (await server.api("GET", `/api/charters/${charterId}/versions`, { token: pilot })).body.versions.some((v: { kind: string }) => v.kind == "auto"), 5000, "checkpoint");
    const [checkpoint] = (await server.api("GET", `/api/charters/${charterId}/versions`, { token: pilot })).body.versions;
    expect(checkpoint).to.deep.include({ kind: "auto", label: "Point de sauvegarde automatique", author: null });
  });

  it("lets every member comment on a clause, reply, resolve and reopen", async () => {
    const a = await connect(pilot);
    const clauseId = clauses(a.doc)[3].getAttribute("id");
    const thread = (await server.api("POST", `/api/charters/${charterId}/comments`, { token: reader, body: { clauseId, body: "Et la parole des ménages ?" } })).body.comment;
    expect(thread).to.deep.include({ clauseId, body: "Et la parole des ménages ?", resolved: false });
    expect(thread.author).to.include({ name: "Mohamed Benali", organisation: "Association Toit et Droits 49" });
    await server.api("POST", `/api/charters/${charterId}/comments`, { token: editor, body: { clauseId: "ignored", parentId: thread.id, body: "Ajoutons un article." } });
    const resolved = await server.api("PATCH", `/api/charters/${charterId}/comments/${thread.id}`, { token: pilot, body: { resolved: true } });
    expect(resolved.body.comment.resolved).to.equal(true);
    const threads = (await server.api("GET", `/api/charters/${charterId}/comments`, { token: reader })).body.threads;
    expect(threads).to.have.length(1);
    expect(threads[0].replies.map((r: { body: string; clauseId: string }) => [r.body, r.clauseId])).to.deep.equal([["Ajoutons un article.", clauseId]]);
    expect((await server.api("PATCH", `/api/charters/${charterId}/comments/${thread.id}`, { token: reader, body: { resolved: false } })).body.comment.resolved).to.equal(false);
    const empty = await server.api("POST", `/api/charters/${charterId}/comments`, { token: reader, body: { clauseId, body: "  " } });
    expect(empty.body.error).to.deep.include({ field: "body", message: "Écrivez votre commentaire." });
  });

  it("tells everyone connected when comments, versions or the charter's state change, whoever changed them", async () => {
    const watcher = await connect(reader);
    const other = await connect(editor);
    const clauseId = clauses(watcher.doc)[2].getAttribute("id");
    // Changes made through the API by someone not in the document at all.
    const thread = (await server.api("POST", `/api/charters/${charterId}/comments`, { token: pilot, body: { clauseId, body: "À revoir." } })).body.comment;
    await eventually(() => watcher.changes.includes("comments"), 3000, "comments announced");
    await server.api("PATCH", `/api/charters/${charterId}/comments/${thread.id}`, { token: pilot, body: { resolved: true } });
    await eventually(() => watcher.changes.filter((t) => t == "comments").length == 2, 3000, "resolution announced");
    const version = await save("V1");
    await eventually(() => watcher.changes.includes("versions"), 3000, "version announced");
    await server.api("POST", `/api/charters/${charterId}/freeze`, { token: pilot, body: { versionId: version.id, confirmPlaceholders: true } });
    await eventually(() => watcher.changes.includes("charter"), 3000, "freeze announced");
    expect(other.changes).to.deep.equal(watcher.changes);
    // Nothing is announced to the connections of another charter.
    const elsewhere = (await server.api("POST", "/api/charters", { token: pilot, body: { title: "Autre charte", template: "charte-departementale", departmentCode: "49", signatoryIds: [] } })).body.charter.id;
    const outsider = await connectClient(server, elsewhere, pilot);
    clients.push(outsider);
    await server.api("POST", `/api/charters/${charterId}/comments`, { token: pilot, body: { clauseId, body: "Encore." } });
    await eventually(() => watcher.changes.filter((t) => t == "comments").length == 3, 3000, "third comment announced");
    expect(outsider.changes).to.deep.equal([]);
  });
});
