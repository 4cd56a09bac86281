import { expect } from "chai";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { clauseText, connectClient } from "../helpers/collab.js";

for (const kind of databaseKinds()) describe(`comments on ${kind.name}: anchored to clauses that exist`, function () {
  this.timeout(20000);
  let server: TestServer;
  let charterId: string;
  let reader: string;
  let clauseId: string;

  beforeEach(async () => {
    server = await startTestServer({ database: kind });
    charterId = await demoCharterId(server);
    reader = await server.login("lecteur@example.org");
    const doc = (await server.api("GET", `/api/charters/${charterId}/document`, { token: reader })).body.document;
    clauseId = JSON.stringify(doc).match(/"type":"clause","attrs":\{"id":"([^"]+)"/)![1];
  });
  afterEach(() => server.close());

  it("refuses a comment on a clause id the charter does not have, in French, naming the field", async () => {
    const res = await server.api("POST", `/api/charters/${charterId}/comments`, { token: reader, body: { clauseId: "cl-inexistant", body: "Un avis" } });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.include({ field: "clauseId", message: "Cet article n'existe pas dans la charte." });
    expect((await server.api("GET", `/api/charters/${charterId}/comments`, { token: reader })).body.threads).to.deep.equal([]);
  });

  it("accepts a comment on an existing clause, and on a clause just added in the live draft", async () => {
    expect((await server.api("POST", `/api/charters/${charterId}/comments`, { token: reader, body: { clauseId, body: "Un avis" } })).status).to.equal(201);
    const editor = await connectClient(server, charterId, await server.login("redacteur@example.org"));
    try {
      clauseText(editor.doc).insert(0, "Modifié ");
      await editor.stored();
      expect((await server.api("POST", `/api/charters/${charterId}/comments`, { token: reader, body: { clauseId, body: "Encore" } })).status).to.equal(201);
    } finally {
      editor.destroy();
    }
  });
});
