import { expect } from "chai";
import * as Y from "yjs";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { clauseText, connectClient, eventually } from "../helpers/collab.js";
import { loadStoredYDoc } from "../../server/domain/documents.js";
import { checkpointSaver } from "../../server/domain/versions/versionSaver.js";
import { EDITING_SESSION_GAP_MS } from "../../server/domain/versions/checkpointMerge.js";
import { migrationSource } from "../../db/migrations/index.js";

type Listed = { id: string; number: number | null; sequence: number; kind: string; label: string; checkpointReason: string | null };

for (const kind of databaseKinds()) describe(`version numbers and checkpoints on ${kind.name}`, function () {
  this.timeout(30000);
  let server: TestServer;
  let charterId: string;
  let pilot: string;
  let doc: Y.Doc;

  beforeEach(async () => {
    server = await startTestServer({ database: kind });
    charterId = await demoCharterId(server);
    pilot = await server.login("pilote@example.org");
    doc = await loadStoredYDoc(server.services.db, charterId);
  });
  afterEach(async () => {
    doc.destroy();
    await server.close();
  });

  const list = async (): Promise<Listed[]> => (await server.api("GET", `/api/charters/${charterId}/versions`, { token: pilot })).body.versions;
  const save = async (label: string) => (await server.api("POST", `/api/charters/${charterId}/versions`, { token: pilot, body: { label } })).body;
  /** A checkpoint as the hub takes it when the last editor leaves, after an edit. */
  const checkpoint = async (words: string) => {
    clauseText(doc).insert(0, words);
    return (await checkpointSaver(server.services, charterId, doc))!;
  };
  /** Makes a version look older, as if taken `ms` ago. */
  const age = (id: string, ms: number) => server.services.db("charter_versions").where({ id }).update({ created_at: new Date(Date.now() - ms).toISOString() });

  it("numbers named versions on their own (V1, V2…), apart from the checkpoints between them", async () => {
    const v1 = await save("Premier jet");
    const cp = await checkpoint("Modifié ");
    const v2 = await save("Après le comité");
    expect([v1.number, v2.number]).to.deep.equal([1, 2]);
    expect(v2.version).to.deep.include({ number: 2, kind: "named", checkpointReason: null });
    const listed = await list();
    expect(listed.map((v) => [v.number, v.kind])).to.deep.equal([[2, "named"], [null, "auto"], [1, "named"]]);
    expect(listed.map((v) => v.sequence)).to.deep.equal([3, 2, 1]);
    expect(listed[1]).to.deep.include({ id: cp.id, checkpointReason: "leave" });
    const audit = await server.services.db("audit_events").where({ subject_id: v2.id, action: "version.saved" }).first();
    expect(JSON.parse(audit.details)).to.deep.include({ number: 2, sequence: 3, kind: "named", label: "Après le comité" });
  });

  it("replaces the previous checkpoint of the same editing session, and says so in the journal", async () => {
    const first = await checkpoint("Un ");
    const second = await checkpoint("Deux ");
    const listed = await list();
    expect(listed.map((v) => v.id)).to.deep.equal([second.id]);
    expect((await server.api("GET", `/api/charters/${charterId}/versions/${first.id}`, { token: pilot })).status).to.equal(404);
    const diff = await server.api("GET", `/api/charters/${charterId}/diff?from=${first.id}&to=draft`, { token: pilot });
    expect(diff.status).to.equal(400);
    expect(diff.body.error.field).to.equal("from");
    const kept = (await server.api("GET", `/api/charters/${charterId}/versions/${second.id}`, { token: pilot })).body.version;
    expect(JSON.stringify(kept.document)).to.contain("Deux Un ");
    const audit = await server.services.db("audit_events").where({ subject_id: second.id }).first();
    expect(JSON.parse(audit.details)).to.deep.include({ replaced: first.id, replacedAt: first.created_at, kind: "auto", number: null });
    // The checkpoint that is left still works for differences.
    expect((await server.api("GET", `/api/charters/${charterId}/diff?from=${second.id}&to=draft`, { token: pilot })).status).to.equal(200);
  });

  it("keeps the checkpoint of an earlier session", async () => {
    const first = await checkpoint("Hier ");
    await age(first.id, EDITING_SESSION_GAP_MS + 60_000);
    const second = await checkpoint("Aujourd'hui ");
    expect((await list()).map((v) => v.id)).to.deep.equal([second.id, first.id]);
  });

  it("keeps a checkpoint followed by a named version, a restore, or one someone is looking at", async () => {
    const beforeNamed = await checkpoint("A ");
    await save("Version nommée");
    await checkpoint("B ");
    const ids = (await list()).map((v) => v.id);
    expect(ids).to.include(beforeNamed.id);

    const looked = await checkpoint("C ");
    expect((await server.api("GET", `/api/charters/${charterId}/diff?from=${looked.id}&to=draft`, { token: pilot })).status).to.equal(200);
    const afterLook = await checkpoint("D ");
    expect((await list()).map((v) => v.id).slice(0, 2)).to.deep.equal([afterLook.id, looked.id]);

    const restored = await checkpoint("E ");
    const res = await server.api("POST", `/api/charters/${charterId}/versions/${restored.id}/restore`, { token: pilot });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    await eventually(() => server.hub.loadedCharters.length == 0, 5000, "the restored draft unloaded");
    await checkpoint("F ");
    expect((await list()).map((v) => v.id)).to.include(restored.id);
    // Named versions are never merged: V1 is there, numbered.
    expect((await list()).filter((v) => v.kind == "named").map((v) => v.number)).to.deep.equal([1]);
  });

  it("merges the checkpoints the hub takes as editors come and go in one session", async () => {
    const editor = await server.login("redacteur@example.org");
    for (const words of ["Matin ", "Midi "]) {
      const c = await connectClient(server, charterId, editor);
      clauseText(c.doc).insert(0, words);
      await c.stored();
      c.destroy();
      await eventually(async () => JSON.stringify((await list()).map((v) => v.label)).includes("Point de sauvegarde") && server.hub.loadedCharters.length == 0, 5000, "checkpoint on leaving");
    }
    const checkpoints = (await list()).filter((v) => v.kind == "auto");
    expect(checkpoints).to.have.length(1);
    const kept = (await server.api("GET", `/api/charters/${charterId}/versions/${checkpoints[0].id}`, { token: pilot })).body.version;
    expect(JSON.stringify(kept.document)).to.contain("Midi Matin ");
  });

  it("numbers the named versions already saved, in order, when migrating", async () => {
    const v1 = await save("Premier");
    await checkpoint("X ");
    await server.services.db("charter_versions").insert({
      id: "00000000-0000-4000-8000-000000000001", charter_id: charterId, number: 3, label: "Avant la restauration de la version 1", kind: "auto",
      author_id: null, created_at: new Date().toISOString(), hash: v1.hash, document: "{}", ystate: Buffer.from([0, 0]),
    });
    const v2 = await save("Second");
    const { db } = server.services;
    const name = "20261201110000_version_names_and_checkpoints";
    await db.migrate.down({ migrationSource, name });
    expect(await db.schema.hasColumn("charter_versions", "named_number")).to.equal(false);
    await db.migrate.up({ migrationSource, name });
    const rows = await db("charter_versions").where({ charter_id: charterId }).orderBy("number").select("id", "number", "named_number", "checkpoint_reason");
    expect(rows.map((r) => [Number(r.number), r.named_number == null ? null : Number(r.named_number), r.checkpoint_reason])).to.deep.equal([
      [1, 1, null], [2, null, "leave"], [3, null, "restore"], [4, 2, null],
    ]);
    expect(rows[3].id).to.equal(v2.id);
    expect((await save("Troisième")).number).to.equal(3);
  });
});
