import { expect } from "chai";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { addUser, demoCharterId } from "../helpers/fixtures.js";
import { eventually } from "../helpers/collab.js";
import { ofName } from "../../server/shared/frenchNames.js";

/** Today in Paris, as AAAA-MM-JJ, and the days around it. */
const parisDay = (offsetDays = 0) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date(Date.now() + offsetDays * 86_400_000));

for (const kind of databaseKinds()) describe(`the journal on ${kind.name}`, function () {
  this.timeout(30000);
  let server: TestServer;
  let charterId: string;
  let pilot: string, editor: string;
  let editorId: string;
  let memberId: string;
  let oldTitle: string;

  before(async () => {
    server = await startTestServer({ database: kind });
    charterId = await demoCharterId(server);
    [pilot, editor] = await Promise.all(["pilote@example.org", "redacteur@example.org"].map((e) => server.login(e)));
    editorId = (await server.services.db("users").where({ email: "redacteur@example.org" }).first()).id;
    memberId = (await addUser(server, { charterId, role: "reader" })).id;
    await server.api("POST", `/api/charters/${charterId}/versions`, { token: editor, body: { label: "Premier jet" } });
    await server.api("PATCH", `/api/charters/${charterId}/members/${memberId}`, { token: pilot, body: { role: "editor" } });
    oldTitle = (await server.services.db("charters").where({ id: charterId }).first()).title;
    await server.api("PATCH", `/api/charters/${charterId}`, { token: pilot, body: { title: "Charte de Maine-et-Loire" } });
    // The title changed in the document: the collaboration server keeps a checkpoint of it as it unloads the charter.
    await eventually(async () => !!(await server.services.db("audit_events").where({ action: "version.checkpoint" }).first()), 5000, "checkpoint");
    await server.api("POST", `/api/charters/${charterId}/invitations`, { token: pilot, body: { email: "camille@example.org", role: "signatory" } });
  });
  after(() => server.close());

  const journal = (query = "") => server.api("GET", `/api/charters/${charterId}/audit${query}`, { token: pilot });

  it("tells every event in French, newest first, with who did it", async () => {
    const res = await journal();
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const lines = res.body.events.map((e: { actor: { name: string } | null; sentence: string }) => `${e.actor?.name ?? "—"} ${e.sentence}`);
    const member = (await server.services.db("users").where({ id: memberId }).first()).name;
    // The checkpoint is taken as the charter leaves memory, just before or after the rename is recorded.
    expect(lines.slice(0, 5)).to.have.members([
      "Claire Martin a invité camille@example.org comme signataire",
      "— a pris un point de sauvegarde automatique",
      `Claire Martin a renommé la charte «\u00a0${oldTitle}\u00a0» en «\u00a0Charte de Maine-et-Loire\u00a0»`,
      `Claire Martin a changé le rôle ${ofName(member)} : lecteur → rédacteur`,
      "Julien Bernard a enregistré la version V1 «\u00a0Premier jet\u00a0»",
    ]);
    expect(lines.at(-1)).to.match(/^Claire Martin a créé la charte «/);
    expect(res.body.events[0]).to.deep.include({ action: "invitation.created", kind: "members" });
    expect(res.body.actors.map((a: { name: string }) => a.name)).to.include.members(["Claire Martin", "Julien Bernard"]);
    expect(res.body.kinds.map((k: { id: string }) => k.id)).to.deep.equal(["charter", "versions", "signing", "members", "comments", "followup"]);
  });

  it("pages through the events, with the total", async () => {
    const all = (await journal()).body;
    const first = (await journal("?pageSize=2")).body;
    const second = (await journal("?pageSize=2&page=2")).body;
    expect(first).to.deep.include({ total: all.total, page: 1, pageSize: 2, pages: Math.ceil(all.total / 2) });
    expect(first.events.map((e: { id: number }) => e.id)).to.deep.equal(all.events.slice(0, 2).map((e: { id: number }) => e.id));
    expect(second.events.map((e: { id: number }) => e.id)).to.deep.equal(all.events.slice(2, 4).map((e: { id: number }) => e.id));
    const beyond = (await journal(`?pageSize=2&page=${first.pages + 1}`)).body;
    expect(beyond.events).to.deep.equal([]);
  });

  it("filters by who, by what and by day", async () => {
    const byEditor = (await journal(`?actor=${editorId}`)).body;
    expect(byEditor.total).to.equal(1);
    expect(byEditor.events[0].sentence).to.equal("a enregistré la version V1 «\u00a0Premier jet\u00a0»");
    const versions = (await journal("?kind=versions")).body.events.map((e: { action: string }) => e.action);
    expect(versions).to.deep.equal(["version.checkpoint", "version.saved"]);
    const members = (await journal("?kind=members")).body.events.map((e: { action: string }) => e.action);
    expect(members).to.deep.equal(["invitation.created", "member.role_changed"]);
    const charter = (await journal("?kind=charter")).body.events.map((e: { action: string }) => e.action);
    expect(charter).to.deep.equal(["charter.renamed", "charter.created"]);
    const total = (await journal()).body.total;
    expect((await journal(`?from=${parisDay()}&to=${parisDay()}`)).body.total).to.equal(total);
    expect((await journal(`?from=${parisDay(1)}`)).body.total).to.equal(0);
    expect((await journal(`?to=${parisDay(-1)}`)).body.total).to.equal(0);
    expect((await journal(`?actor=${editorId}&kind=members`)).body.total).to.equal(0);
  });

  it("refuses filters it cannot read, with the field at fault", async () => {
    const cases: [string, string][] = [
      ["?kind=everything", "kind"], ["?from=2026-13-01", "from"], ["?to=hier", "to"], ["?page=0", "page"], ["?pageSize=500", "pageSize"],
      [`?from=${parisDay(1)}&to=${parisDay()}`, "to"], ["?actor=a%20b", "actor"], ["?kind=members&kind=versions", "kind"],
    ];
    for (const [query, field] of cases) {
      const res = await journal(query);
      expect(res.status, query).to.equal(400);
      expect(res.body.error, query).to.deep.include({ id: "invalid_input", field });
      expect(res.body.error.message, query).to.be.a("string").and.not.empty;
    }
  });
});
