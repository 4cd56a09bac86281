import { expect } from "chai";
import * as Y from "yjs";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { freshCharter, saveVersion } from "../helpers/fixtures.js";
import { clauseText, connectClient, eventually, fragmentOf, type TestClient } from "../helpers/collab.js";

/** The title written in a charter's live document. */
const titleOf = (doc: Y.Doc) => ((fragmentOf(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText | undefined)?.toString() ?? "";

for (const kind of databaseKinds()) describe(`renaming, archiving and deleting a charter on ${kind.name}`, function () {
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
  const charter = async (token = pilot) => (await server.api("GET", `/api/charters/${charterId}`, { token })).body.charter;

  beforeEach(async () => {
    server = await startTestServer({ database: kind, hub: { recheckIntervalMs: 500 } });
    charterId = await freshCharter(server);
    [pilot, editor, reader] = await Promise.all(["pilote@example.org", "redacteur@example.org", "lecteur@example.org"].map((e) => server.login(e)));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
  });

  it("lets a pilot rename the charter: the live document changes for everyone connected, and the journal says so", async () => {
    const watcher = await connect(editor);
    const res = await server.api("PATCH", `/api/charters/${charterId}`, { token: pilot, body: { title: "  Charte de prévention des expulsions de Maine-et-Loire  " } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.charter).to.deep.include({ id: charterId, title: "Charte de prévention des expulsions de Maine-et-Loire", role: "pilot" });
    await eventually(() => titleOf(watcher.doc) == "Charte de prévention des expulsions de Maine-et-Loire", 3000, "the title in the live document");
    expect((await charter(reader)).title).to.equal("Charte de prévention des expulsions de Maine-et-Loire");
    const listed = (await server.api("GET", "/api/charters", { token: editor })).body.charters.find((c: { id: string }) => c.id == charterId);
    expect(listed.title).to.equal("Charte de prévention des expulsions de Maine-et-Loire");
    const doc = (await server.api("GET", `/api/charters/${charterId}/document`, { token: reader })).body.document;
    expect(doc.content[0]).to.deep.equal({ type: "title", content: [{ type: "text", text: "Charte de prévention des expulsions de Maine-et-Loire" }] });
    const audit = await server.services.db("audit_events").where({ charter_id: charterId, action: "charter.renamed" }).first();
    expect(JSON.parse(audit.details)).to.deep.equal({ from: "Charte de test", to: "Charte de prévention des expulsions de Maine-et-Loire" });
  });

  it("refuses renaming to others than pilots, a title that is too short or holds control characters, and while frozen", async () => {
    expect((await server.api("PATCH", `/api/charters/${charterId}`, { token: editor, body: { title: "Nouvelle charte" } })).status).to.equal(403);
    const short = await server.api("PATCH", `/api/charters/${charterId}`, { token: pilot, body: { title: " a\u200b " } });
    expect(short.status).to.equal(400);
    expect(short.body.error).to.deep.include({ id: "invalid_input", field: "title" });
    const control = await server.api("PATCH", `/api/charters/${charterId}`, { token: pilot, body: { title: "Charte\u0007 test" } });
    expect(control.status).to.equal(400);
    expect(control.body.error.field).to.equal("title");
    expect((await server.api("PATCH", `/api/charters/${charterId}`, { token: pilot, body: { title: "x".repeat(301) } })).body.error.message).to.equal("Titre trop long (300 caractères au plus).");
    expect((await server.api("PATCH", `/api/charters/${charterId}`, { token: pilot, body: {} })).body.error.message).to.equal("Indiquez le titre de la charte.");
    await server.api("POST", `/api/charters/${charterId}/freeze`, { token: pilot, body: { versionId: await saveVersion(server, charterId), confirmPlaceholders: true } });
    const frozen = await server.api("PATCH", `/api/charters/${charterId}`, { token: pilot, body: { title: "Nouvelle charte" } });
    expect(frozen.status).to.equal(409);
    expect(frozen.body.error.id).to.equal("charter_state");
    expect((await charter()).title).to.equal("Charte de test");
  });

  it("keeps the charter's title equal to the one an editor types in the document", async () => {
    const a = await connect(editor);
    const title = (fragmentOf(a.doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    title.insert(title.length, " révisée");
    await a.stored();
    a.destroy();
    await eventually(async () => (await charter()).title == "Charte de test révisée", 5000, "the title synced");
  });

  it("archives a charter: read-only for everyone at once, listed as archived, and brought back to the state it had", async () => {
    const a = await connect(editor);
    await eventually(() => a.canEdit === true, 3000, "edit access");
    const res = await server.api("POST", `/api/charters/${charterId}/archive`, { token: pilot });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.charter).to.deep.include({ state: "archived" });
    expect(res.body.charter.abilities).to.deep.include({ "charter:unarchive": true, "charter:archive": false, "charter:delete": true, "charter:update": false });
    await eventually(() => a.canEdit === false, 3000, "read-only");
    clauseText(a.doc).insert(0, "Interdit ");
    await a.stored();
    expect(JSON.stringify((await server.api("GET", `/api/charters/${charterId}/document`, { token: pilot })).body.document)).not.to.contain("Interdit");
    const refused = await Promise.all([
      server.api("POST", `/api/charters/${charterId}/versions`, { token: editor, body: { label: "V" } }),
      server.api("POST", `/api/charters/${charterId}/comments`, { token: reader, body: { clauseId: "x", body: "Un avis" } }),
      server.api("POST", `/api/charters/${charterId}/invitations`, { token: pilot, body: { email: "nouveau@example.org", role: "reader" } }),
      server.api("POST", `/api/charters/${charterId}/archive`, { token: pilot }),
    ]);
    expect(refused.map((r) => [r.status, r.body.error.id])).to.deep.equal(Array(4).fill([409, "charter_state"]));
    expect((await server.api("GET", "/api/charters", { token: reader })).body.charters.find((c: { id: string }) => c.id == charterId).state).to.equal("archived");
    expect((await server.api("POST", `/api/charters/${charterId}/unarchive`, { token: editor })).status).to.equal(403);

    const back = await server.api("POST", `/api/charters/${charterId}/unarchive`, { token: pilot });
    expect(back.body.charter.state).to.equal("drafting");
    await eventually(() => a.canEdit === true, 3000, "editable again");
    expect((await server.api("POST", `/api/charters/${charterId}/unarchive`, { token: pilot })).status).to.equal(409);

    // A charter archived while a version was frozen comes back frozen, with that version.
    const versionId = await saveVersion(server, charterId);
    await server.api("POST", `/api/charters/${charterId}/freeze`, { token: pilot, body: { versionId, confirmPlaceholders: true } });
    await server.api("POST", `/api/charters/${charterId}/archive`, { token: pilot });
    expect((await server.api("POST", `/api/charters/${charterId}/unarchive`, { token: pilot })).body.charter).to.deep.include({ state: "frozen", frozenVersionId: versionId });
    const actions = (await server.services.db("audit_events").where({ charter_id: charterId }).orderBy("id")).map((e) => e.action);
    expect(actions.filter((x) => x.startsWith("charter.") && x.includes("archived"))).to.deep.equal(["charter.archived", "charter.unarchived", "charter.archived", "charter.unarchived"]);
  });

  it("deletes a charter never signed with all its rows, disconnects everyone connected (4404), and keeps its journal", async () => {
    const a = await connect(editor);
    clauseText(a.doc).insert(0, "Texte ");
    await a.stored();
    const versionId = await saveVersion(server, charterId);
    const document = (await server.api("GET", `/api/charters/${charterId}/document`, { token: pilot })).body.document;
    const clauseId = document.content.find((n: { type: string }) => n.type == "section").content.find((n: { type: string }) => n.type == "clause").attrs.id;
    expect((await server.api("POST", `/api/charters/${charterId}/comments`, { token: reader, body: { clauseId, body: "Un avis" } })).status).to.equal(201);
    await server.api("POST", `/api/charters/${charterId}/invitations`, { token: pilot, body: { email: "nouveau@example.org", role: "reader" } });
    await server.api("POST", `/api/charters/${charterId}/freeze`, { token: pilot, body: { versionId, confirmPlaceholders: true } });

    expect((await server.api("DELETE", `/api/charters/${charterId}`, { token: editor })).status).to.equal(403);
    const res = await server.api("DELETE", `/api/charters/${charterId}`, { token: pilot });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.equal({ deleted: charterId });
    expect(await a.closed).to.equal(4404);
    expect(server.hub.loadedCharters).not.to.include(charterId);
    const { db } = server.services;
    for (const table of ["charters"]) expect(await db(table).where({ id: charterId })).to.have.length(0);
    for (const table of ["comments", "charter_versions", "charter_updates", "charter_clients", "charter_deletions", "collab_tickets", "invitations", "memberships", "charter_signatories"])
      expect(await db(table).where({ charter_id: charterId }), table).to.have.length(0);
    expect((await server.api("GET", `/api/charters/${charterId}`, { token: pilot })).status).to.equal(404);
    const events = (await db("audit_events").where({ charter_id: charterId }).orderBy("id")).map((e) => e.action);
    expect(events[0]).to.equal("charter.created");
    expect(events.at(-1)).to.equal("charter.deleted");
    // Nobody can open it again.
    const again = await connectClient(server, charterId, pilot, { waitForSync: false }).catch((err) => err);
    if (!(again instanceof Error)) {
      clients.push(again);
      expect(await again.closed).to.be.oneOf([4403, 4404]);
    }
  });

  it("refuses deleting a charter once it went to signature", async () => {
    await server.services.db("charters").where({ id: charterId }).update({ state: "signing" });
    const res = await server.api("DELETE", `/api/charters/${charterId}`, { token: pilot });
    expect(res.status).to.equal(409);
    expect(res.body.error.id).to.equal("charter_state");
    expect(await server.services.db("charters").where({ id: charterId })).to.have.length(1);
  });
});
