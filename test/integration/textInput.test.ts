import { expect } from "chai";
import { databaseKinds } from "../helpers/databases.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { demoCharterId, makeInvitation } from "../helpers/fixtures.js";

// Each is refused in every typed field; the names say what they are in the test titles.
const BAD: Record<string, string> = {
  "NUL": "Charte\u0000 test",
  "a C0 control (ESC)": "Charte\u001b test",
  "a C1 control": "Charte\u0085 test",
  "a lone surrogate": "Charte \uD800 test",
  "a right-to-left override": "Charte \u202Etset",
  "a bidi isolate": "Charte \u2066test\u2069",
};

for (const kind of databaseKinds()) describe(`invisible characters in REST input on ${kind.name}`, function () {
  this.timeout(60000);
  let server: TestServer;
  let pilot: string;
  let charterId: string;
  let clauseId: string;

  before(async () => {
    server = await startTestServer({ database: kind });
    pilot = await server.login("pilote@example.org");
    charterId = await demoCharterId(server);
    const doc = (await server.api("GET", `/api/charters/${charterId}/document`, { token: pilot })).body.document;
    clauseId = JSON.stringify(doc).match(/"type":"clause","attrs":\{"id":"([^"]+)"/)![1];
  });
  after(() => server.close());

  const expectRefused = (res: { status: number; body: any }, field: string) => {
    expect(res.status, JSON.stringify(res.body)).to.equal(400);
    expect(res.body.error).to.include({ id: "invalid_input", field });
    expect(res.body.error.message).to.match(/caractère|ligne/);
  };

  const newCharter = (title: string) =>
    server.api("POST", "/api/charters", { token: pilot, body: { title, template: "charte-departementale", departmentCode: "49", signatoryIds: [] } });

  for (const [what, value] of Object.entries(BAD)) {
    it(`refuses ${what} in a charter title, an organisation name, a version label, a comment and a login email`, async () => {
      expectRefused(await newCharter(value), "title");
      expectRefused(await server.api("POST", "/api/organisations", { token: pilot, body: { name: value, kind: "ccas", departmentCode: "49" } }), "name");
      expectRefused(await server.api("POST", `/api/charters/${charterId}/versions`, { token: pilot, body: { label: value } }), "label");
      expectRefused(await server.api("POST", `/api/charters/${charterId}/comments`, { token: pilot, body: { clauseId, body: value } }), "body");
      expectRefused(await server.api("POST", "/api/auth/login", { body: { email: `pilote${value}@example.org`, password: "x" } }), "email");
      expect((await server.api("GET", "/api/health")).status).to.equal(200);
    });
  }

  it("refuses them in invitation names, and in the name and job title given on accepting", async () => {
    expectRefused(await server.api("POST", `/api/charters/${charterId}/invitations`, { token: pilot, body: { email: "a@example.org", name: BAD.NUL, role: "reader" } }), "name");
    const res = await server.api("POST", `/api/charters/${charterId}/invitations`, { token: pilot, body: { email: "a\u0000@example.org", role: "reader" } });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.include({ id: "invalid_input", field: "email" });
    const { token } = await makeInvitation(server, charterId);
    const accept = (body: object) => server.api("POST", `/api/invitations/${token}/accept`, { body: { password: "un-bon-mot-de-passe", ...body } });
    expectRefused(await accept({ name: "Léa \u202EDurand" }), "name");
    expectRefused(await accept({ name: "Léa Durand", jobTitle: "Chargée\u0000" }), "jobTitle");
    // A name that shows nothing is no name: the invitation has none either, so it is asked for.
    const blank = await accept({ name: "\u200B\u200B " });
    expect(blank.status).to.equal(400);
    expect(blank.body.error).to.include({ field: "name", message: "Indiquez vos nom et prénom." });
  });

  it("refuses them in identifiers, path parameters and query strings instead of failing in the database", async () => {
    expectRefused(await server.api("POST", `/api/charters/${charterId}/comments`, { token: pilot, body: { clauseId: "cl\u0000", body: "Un avis" } }), "clauseId");
    expectRefused(await server.api("POST", `/api/charters/${charterId}/comments`, { token: pilot, body: { clauseId, parentId: "\u0000", body: "Un avis" } }), "parentId");
    expectRefused(await server.api("POST", "/api/charters", { token: pilot, body: { title: "Charte test", template: "charte\u0000", departmentCode: "49" } }), "template");
    expectRefused(await server.api("GET", "/api/charters/%00", { token: pilot }), "id");
    expectRefused(await server.api("GET", "/api/organisations?departement=4%009", { token: pilot }), "departement");
    expectRefused(await server.api("GET", `/api/charters/${charterId}/diff?from=%00&to=draft`, { token: pilot }), "from");
    expectRefused(await server.api("GET", "/api/invitations/abc%00def"), "token");
  });

  it("counts minimum lengths in visible characters", async () => {
    for (const title of ["   ", "\u200B\u200B\u200B\u200B", "a\u200D\u00AD\uFEFFb", "e\u0301\u0301\u0301"]) {
      const res = await newCharter(title);
      expect(res.status, title).to.equal(400);
      expect(res.body.error).to.include({ field: "title", message: "Le titre doit faire au moins 3 caractères visibles." });
    }
    expect((await server.api("POST", "/api/organisations", { token: pilot, body: { name: "\u200BA\u200B", kind: "ccas", departmentCode: "49" } })).body.error).to.include({ field: "name" });
    expect((await server.api("POST", `/api/charters/${charterId}/versions`, { token: pilot, body: { label: "\u2060" } })).body.error).to.include({ field: "label" });
    expect((await server.api("POST", `/api/charters/${charterId}/comments`, { token: pilot, body: { clauseId, body: "\u200B\n\t" } })).body.error).to.include({ field: "body" });
  });

  it("keeps what people really type: accents, emoji, quotes, and line breaks and tabs in a comment", async () => {
    const title = "Charte « Élan » 2027–2032 🏠 d'Anjou";
    const created = await newCharter(title);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.charter.title).to.equal(title);
    const body = "Premier point :\n\t– le FSL ;\r\n\t– la CCAPEX.";
    const comment = await server.api("POST", `/api/charters/${charterId}/comments`, { token: pilot, body: { clauseId, body } });
    expect(comment.status, JSON.stringify(comment.body)).to.equal(201);
    expect(comment.body.comment.body).to.equal(body);
    expectRefused(await newCharter("Charte\ten deux"), "title");
  });
});
