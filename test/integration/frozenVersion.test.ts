import { expect } from "chai";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { clauseText, connectClient, type TestClient } from "../helpers/collab.js";

/**
 * Issue 9: while a version is frozen, every member reads that version — not
 * the live draft, which a restore may have taken elsewhere — and is told
 * when the draft differs from it.
 */
for (const kind of databaseKinds()) describe(`the frozen version as everyone reads it, on ${kind.name}`, function () {
  this.timeout(30000);
  let server: TestServer;
  let charterId: string;
  let pilot: string, editor: string, signatory: string;
  const clients: TestClient[] = [];
  const api = (method: string, path: string, token: string, body?: unknown) => server.api(method, `/api/charters/${charterId}${path}`, { token, body });

  beforeEach(async () => {
    server = await startTestServer({ database: kind });
    charterId = await demoCharterId(server);
    [pilot, editor, signatory] = await Promise.all(["pilote@example.org", "redacteur@example.org", "signataire@example.org"].map((e) => server.login(e)));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
  });

  it("serves the frozen version's text after restoring V1 and freezing V2, and says the draft differs", async () => {
    const editorClient = await connectClient(server, charterId, editor);
    clients.push(editorClient);
    const v1 = (await api("POST", "/versions", pilot, { label: "Premier jet" })).body;
    clauseText(editorClient.doc).insert(0, "Ajouté pour la deuxième version. ");
    await editorClient.stored();
    const v2 = (await api("POST", "/versions", pilot, { label: "Texte soumis" })).body;
    expect((await api("POST", `/versions/${v1.id}/restore`, pilot)).status).to.equal(200);
    expect((await api("POST", "/freeze", pilot, { versionId: v2.id, confirmPlaceholders: true })).status).to.equal(200);

    for (const token of [signatory, editor, pilot]) {
      const res = await api("GET", "/frozen-version", token);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.version).to.include({ id: v2.id, number: v2.number, label: "Texte soumis", hash: v2.hash });
      expect(JSON.stringify(res.body.version.document)).to.contain("Ajouté pour la deuxième version.");
      expect(res.body.draftDiffers).to.equal(true);
      expect(res.body.draftHash).to.equal(v1.hash);
    }
    // The live draft is V1's text: what signatories read under « V2 » before this fix.
    expect(JSON.stringify((await api("GET", "/document", signatory)).body.document)).not.to.contain("Ajouté pour la deuxième version.");
  });

  it("says the draft does not differ when the frozen version is the draft, and answers 409 once drafting reopens", async () => {
    const v1 = (await api("POST", "/versions", pilot, { label: "Texte soumis" })).body;
    expect((await api("POST", "/freeze", pilot, { versionId: v1.id, confirmPlaceholders: true })).status).to.equal(200);
    const res = await api("GET", "/frozen-version", signatory);
    expect(res.body).to.include({ draftDiffers: false, draftHash: v1.hash });
    expect((await api("POST", "/reopen", pilot)).status).to.equal(200);
    const after = await api("GET", "/frozen-version", signatory);
    expect(after.status).to.equal(409);
    expect(after.body.error).to.include({ id: "not_frozen" });
    expect(after.body.error.message).to.match(/Aucune version n'est figée/);
  });
});
