import { expect } from "chai";
import * as Y from "yjs";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { connectClient, fragmentOf } from "../helpers/collab.js";
import { parseCharterDocument } from "../../server/shared/validate.js";
import { findDocPlaceholders, findPlaceholders } from "../../server/shared/placeholders.js";

/** Deletes every placeholder from a Yjs charter, as a person typing over them all would. */
function deleteAllPlaceholders(doc: Y.Doc): void {
  const visit = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText) => {
    if (node instanceof Y.XmlText) {
      const text = node.toDelta().map((op: { insert: unknown }) => (typeof op.insert == "string" ? op.insert : "\n")).join("");
      for (const found of findPlaceholders(text).reverse()) node.delete(found.start, found.end - found.start);
    } else for (const child of node.toArray()) visit(child as Y.XmlElement | Y.XmlText);
  };
  doc.transact(() => visit(fragmentOf(doc)));
}

for (const kind of databaseKinds()) describe(`template placeholders on ${kind.name}`, function () {
  this.timeout(30000);
  let server: TestServer;
  let pilot: string;

  before(async () => {
    server = await startTestServer({ database: kind });
    pilot = await server.login("pilote@example.org");
  });
  after(() => server.close());

  const create = async (departmentCode: string, extra: object = {}) => {
    const res = await server.api("POST", "/api/charters", { token: pilot, body: { title: "Charte de test", template: "charte-departementale", departmentCode, signatoryIds: [], ...extra } });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.charter.id as string;
  };
  const documentOf = async (charterId: string) => parseCharterDocument((await server.api("GET", `/api/charters/${charterId}/document`, { token: pilot })).body.document);
  const saveVersion = async (charterId: string) => (await server.api("POST", `/api/charters/${charterId}/versions`, { token: pilot, body: { label: "À approuver" } })).body;
  const freeze = (charterId: string, body: object) => server.api("POST", `/api/charters/${charterId}/freeze`, { token: pilot, body });
  const audit = async (charterId: string) => (await server.api("GET", `/api/charters/${charterId}/audit`, { token: pilot })).body.events as { action: string; details: Record<string, unknown> }[];

  it("fills the département and the charter's years when a charter is created", async () => {
    const doc = await documentOf(await create("59", { startYear: 2028 }));
    expect(doc.textContent).to.contain("l'État, représenté par le préfet du Nord ;").and.contain("la caisse d'allocations familiales (CAF) du Nord");
    expect(doc.textContent).to.contain("pour une durée de six ans, de 2028 à 2033,");
    expect(doc.textContent).not.to.match(/\[département\]|\[durée\]|\[(première|dernière) année\]/);
    const dues: string[] = [];
    doc.descendants((n) => { if (n.type.name == "commitment" && n.attrs.due) dues.push(n.attrs.due); return true; });
    // The template's last échéance is mid-2032 for a charter starting in 2027.
    expect(dues).to.include("2033-06-30").and.not.include("2032-06-30");
    const created = (await audit((await server.services.db("charters").orderBy("created_at", "desc").first("id")).id)).find((e) => e.action == "charter.created")!;
    expect(created.details).to.include({ startYear: 2028 });
  });

  it("writes « de » as French wants for each département", async () => {
    expect((await documentOf(await create("01"))).textContent).to.contain("le préfet de l'Ain").and.contain("le Département de l'Ain,");
    expect((await documentOf(await create("49"))).textContent).to.contain("le préfet de Maine-et-Loire");
  });

  it("refuses a first year that is not a year near now, naming the field", async () => {
    for (const startYear of [1990, "2028", 2027.5]) {
      const res = await server.api("POST", "/api/charters", { token: pilot, body: { title: "Charte", template: "charte-departementale", departmentCode: "49", startYear } });
      expect(res.status).to.equal(400);
      expect(res.body.error).to.include({ id: "invalid_input", field: "startYear" });
      expect(res.body.error.message).to.match(/première année/);
    }
  });

  it("refuses to freeze a version holding placeholders until the pilot confirms, and audits what was left", async () => {
    const charterId = await create("49");
    const version = await saveVersion(charterId);
    const left = findDocPlaceholders(await documentOf(charterId));
    expect(left.length).to.be.greaterThan(30);

    const refused = await freeze(charterId, { versionId: version.id });
    expect(refused.status).to.equal(409);
    expect(refused.body.error).to.include({ id: "placeholders_left", count: left.length });
    expect(refused.body.error.message).to.match(new RegExp(`^La version V1 contient encore ${left.length} éléments à compléter`));
    expect(refused.body.error.placeholders.map((p: { text: string }) => p.text)).to.deep.equal(left.map((p) => p.text));
    expect(refused.body.error.placeholders[0]).to.deep.equal({ text: "[à compléter]", where: "Préambule" });
    expect(refused.body.error.placeholders.map((p: { where: string }) => p.where)).to.include("Article 6 — Organismes signataires");
    expect((await server.api("GET", `/api/charters/${charterId}`, { token: pilot })).body.charter.state).to.equal("drafting");
    expect((await audit(charterId)).map((e) => e.action)).not.to.include("charter.frozen");

    expect((await freeze(charterId, { versionId: version.id, confirmPlaceholders: "oui" })).body.error).to.include({ id: "invalid_input", field: "confirmPlaceholders" });

    const frozen = await freeze(charterId, { versionId: version.id, confirmPlaceholders: true });
    expect(frozen.status, JSON.stringify(frozen.body)).to.equal(200);
    expect(frozen.body.charter).to.include({ state: "frozen", frozenVersionId: version.id });
    const events = await audit(charterId);
    const warned = events.find((e) => e.action == "charter.frozen_with_placeholders")!;
    expect(warned.details).to.include({ number: 1, count: left.length });
    expect((warned.details.placeholders as { text: string }[]).map((p) => p.text)).to.deep.equal(left.map((p) => p.text));
    expect(events.map((e) => e.action)).to.include("charter.frozen");
  });

  it("freezes a completed version without asking, and says nothing of placeholders", async () => {
    const charterId = await create("49");
    // Saved and frozen while still connected: leaving after changes takes an automatic checkpoint, which is not what is tested here.
    const client = await connectClient(server, charterId, pilot);
    try {
      deleteAllPlaceholders(client.doc);
      await client.stored();
      expect(findDocPlaceholders(await documentOf(charterId))).to.deep.equal([]);
      const version = await saveVersion(charterId);
      const frozen = await freeze(charterId, { versionId: version.id });
      expect(frozen.status, JSON.stringify(frozen.body)).to.equal(200);
    } finally {
      client.destroy();
    }
    expect((await audit(charterId)).map((e) => e.action)).to.include("charter.frozen").and.not.include("charter.frozen_with_placeholders");
  });

  it("answers a frozen charter's freeze with its state, not with placeholders", async () => {
    const charterId = await create("49");
    const version = await saveVersion(charterId);
    await freeze(charterId, { versionId: version.id, confirmPlaceholders: true });
    expect((await freeze(charterId, { versionId: version.id })).body.error.id).to.equal("charter_state");
  });
});
