import { expect } from "chai";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { parseCharterDocument } from "../../server/shared/validate.js";
import { allRoutes } from "../../server/http/routes/index.js";

describe("charters API", function () {
  this.timeout(30000);
  let server: TestServer;
  let pilot: string;
  let orgs: { id: string; kind: string; name: string }[];

  before(async () => {
    server = await startTestServer({ config: { maxBodyBytes: 4096 } });
    pilot = await server.login("pilote@example.org");
    orgs = (await server.api("GET", "/api/organisations?departement=49", { token: pilot })).body.organisations;
  });
  after(() => server.close());

  it("answers the health check", async () => {
    expect((await server.api("GET", "/api/health")).body).to.deep.equal({ status: "ok", database: "sqlite" });
  });

  it("creates a charter from the template for a département and its signatories", async () => {
    const caf = orgs.find((o) => o.kind == "caf")!;
    const ddets = orgs.find((o) => o.kind == "prefecture")!;
    const res = await server.api("POST", "/api/charters", {
      token: pilot,
      body: { title: "Charte 2027 du Maine-et-Loire", template: "charte-departementale", departmentCode: "49", signatoryIds: [ddets.id, caf.id] },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const charter = res.body.charter;
    expect(charter).to.deep.include({ title: "Charte 2027 du Maine-et-Loire", state: "drafting", role: "pilot", departement: { code: "49", name: "Maine-et-Loire" } });
    expect(charter.signatories.map((o: { id: string }) => o.id)).to.deep.equal([ddets.id, caf.id]);
    expect(res.body.unassignedCommitments).to.be.greaterThan(0);

    const doc = (await server.api("GET", `/api/charters/${charter.id}/document`, { token: pilot })).body.document;
    const node = parseCharterDocument(doc);
    expect(node.firstChild!.textContent).to.equal("Charte 2027 du Maine-et-Loire");
    const parties = new Set<string | null>();
    node.descendants((n) => { if (n.type.name == "commitment") parties.add(n.attrs.party); return true; });
    expect([...parties]).to.have.members([ddets.id, caf.id, null]);

    const list = (await server.api("GET", "/api/charters", { token: pilot })).body.charters;
    expect(list.map((c: { id: string }) => c.id)).to.include(charter.id);
    const audit = (await server.api("GET", `/api/charters/${charter.id}/audit`, { token: pilot })).body.events;
    expect(audit[0]).to.deep.include({ action: "charter.created", subjectId: charter.id });
    expect(audit[0].actor.name).to.equal("Claire Martin");
  });

  it("names the invalid field", async () => {
    const base = { title: "Une charte", template: "charte-departementale", departmentCode: "49", signatoryIds: [] };
    const cases: [object, string][] = [
      [{ ...base, template: "inconnu" }, "template"],
      [{ ...base, departmentCode: "100" }, "departmentCode"],
      [{ ...base, title: "" }, "title"],
      [{ ...base, signatoryIds: ["pas-une-organisation"] }, "signatoryIds"],
      [{ ...base, signatoryIds: "x" }, "signatoryIds"],
    ];
    for (const [body, field] of cases) {
      const res = await server.api("POST", "/api/charters", { token: pilot, body });
      expect(res.status, field).to.equal(400);
      expect(res.body.error.field).to.equal(field);
      expect(res.body.error.message).to.be.a("string").and.not.match(/^Invalid/);
    }
  });

  it("answers 404 for an unknown charter, in JSON", async () => {
    const res = await server.api("GET", "/api/charters/00000000-0000-0000-0000-000000000000", { token: pilot });
    expect(res.status).to.equal(404);
    expect(res.body.error).to.deep.equal({ id: "not_found", message: "Charte introuvable." });
    expect((await server.api("GET", "/api/nothing-here", { token: pilot })).status).to.equal(404);
  });

  it("answers 413 for an oversized body and 400 for broken JSON", async () => {
    const big = await server.api("POST", "/api/charters", { token: pilot, body: { title: "x".repeat(10000), template: "t", departmentCode: "49" } });
    expect(big.status).to.equal(413);
    expect(big.body.error.id).to.equal("payload_too_large");
    const broken = await server.api("POST", "/api/charters", { token: pilot, rawBody: "{not json" });
    expect(broken.status).to.equal(400);
    expect(broken.body.error.id).to.equal("invalid_json");
  });

  it("lists the templates with their counts", async () => {
    const [template] = (await server.api("GET", "/api/templates", { token: pilot })).body.templates;
    expect(template).to.include({ id: "charte-departementale", sections: 12 });
    expect(template.commitments).to.be.at.least(25);
    expect(template.defaultTitle).to.contain("{département}");
  });

  it("documents every route in /api/openapi.json", async () => {
    const doc = (await server.api("GET", "/api/openapi.json")).body;
    expect(doc.openapi).to.equal("3.1.0");
    for (const def of allRoutes) {
      const path = "/api" + def.path.replace(/:(\w+)/g, "{$1}");
      expect(doc.paths[path]?.[def.method], `${def.method} ${path}`).to.exist;
    }
    const create = doc.paths["/api/charters"].post;
    expect(create.requestBody.content["application/json"].schema.required).to.include.members(["title", "template", "departmentCode"]);
    expect(create.responses).to.have.keys("201", "400", "401", "403", "413");
  });

  it("refuses to add an organisation twice", async () => {
    const body = { name: "CCAS de Saumur", kind: "ccas", departmentCode: "49" };
    expect((await server.api("POST", "/api/organisations", { token: pilot, body })).status).to.equal(201);
    const again = await server.api("POST", "/api/organisations", { token: pilot, body: { ...body, name: "ccas de saumur" } });
    expect(again.status).to.equal(409);
    expect(again.body.error.id).to.equal("organisation_exists");
  });
});
