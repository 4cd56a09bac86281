import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sqlite3 from "sqlite3";
import * as Y from "yjs";
import { databaseKinds } from "../helpers/databases.js";
import { migrate, openDatabase } from "../../server/store/db.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { appendDocumentUpdate, forEachDocumentUpdatePage } from "../../server/store/documents.js";
import { loadStoredYDoc } from "../../server/domain/documents.js";
import { clauseTexts } from "../bench/rawClient.js";

for (const kind of databaseKinds()) {
  describe(`stored update log on ${kind.name}`, function () {
    this.timeout(60000);
    let server: TestServer;
    let charterId: string;
    /** Updates appended to the demo charter's log, after its first state. */
    let typed: Uint8Array[];
    let expected: Y.Doc;

    before(async () => {
      server = await startTestServer({ database: kind });
      const { db } = server.services;
      charterId = (await db("charters").first("id")).id;
      expected = await loadStoredYDoc(db, charterId);
      // 4,500 updates (more than two pages), typed by two clients, with bytes
      // that a text conversion would damage: zeros, accents, emoji.
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(expected));
      typed = [];
      expected.on("update", (u: Uint8Array) => typed.push(u));
      other.on("update", (u: Uint8Array) => Y.applyUpdate(expected, u));
      const words = ["\u0000", "é", "😀", "a", "CCAPEX "];
      for (let i = 0; i < 4500; i++) {
        const doc = i % 3 ? expected : other;
        const text = clauseTexts(doc)[i % 5];
        if (i % 11 == 10) text.delete(0, 1);
        else text.insert(i % 4, words[i % words.length]);
      }
      await db.transaction(async (trx) => { for (const u of typed) await appendDocumentUpdate(trx, charterId, u, null); });
    });

    after(() => server.close());

    it("reads every update back, whole and in order, page after page", async () => {
      const pages: Uint8Array[][] = [];
      const count = await forEachDocumentUpdatePage(server.services.db, charterId, (page) => pages.push(page));
      expect(count).to.equal(typed.length + 1);
      expect(pages.length).to.be.greaterThan(2);
      const read = pages.flat().slice(1).map((u) => Buffer.from(u).toString("hex"));
      expect(read).to.deep.equal(typed.map((u) => Buffer.from(u).toString("hex")));
    });

    it("rebuilds the same document as the one the updates came from", async () => {
      const loaded = await loadStoredYDoc(server.services.db, charterId);
      expect(loaded.getXmlFragment("prosemirror").toString()).to.equal(expected.getXmlFragment("prosemirror").toString());
      expect(Y.encodeSnapshot(Y.snapshot(loaded))).to.deep.equal(Y.encodeSnapshot(Y.snapshot(expected)));
    });

    if (kind.name == "sqlite")
      it("reads row by row a page too big for the database to join", async () => {
        const { db } = server.services;
        const conn = await db.client.acquireConnection();
        // SQLite refuses strings and blobs over this length: the first joined page is over it (the first state alone is 78 KB), each update is not.
        conn.configure("limit", sqlite3.LIMIT_LENGTH, 100_000);
        await db.client.releaseConnection(conn);
        try {
          const joined = await db.raw("SELECT cast(group_concat(data, x'') AS blob) FROM charter_updates WHERE charter_id = ?", [charterId]).catch((e: Error) => e);
          expect(String(joined)).to.match(/too big/);
          const loaded = await loadStoredYDoc(db, charterId);
          expect(Y.encodeSnapshot(Y.snapshot(loaded))).to.deep.equal(Y.encodeSnapshot(Y.snapshot(expected)));
        } finally {
          const again = await db.client.acquireConnection();
          again.configure("limit", sqlite3.LIMIT_LENGTH, 1_000_000_000);
          await db.client.releaseConnection(again);
        }
      });
  });
}

describe("stored update log in a SQLite database encoded in UTF-16", () => {
  it("reads every update back byte for byte (row by row: joining would go through UTF-16 text)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "charte-test-"));
    const db = openDatabase({ databaseUrl: null, dataDir });
    try {
      await db.raw("PRAGMA encoding = 'UTF-16le'");
      await migrate(db);
      expect((await db.raw("PRAGMA encoding"))[0].encoding).to.equal("UTF-16le");
      await db.raw("PRAGMA foreign_keys = OFF");
      // Even lengths, so that the joined length would match: lone surrogates in UTF-16 would be replaced.
      const updates = Array.from({ length: 50 }, (_, i) => new Uint8Array([i, 0, 0x00, 0xd8, 0x41, 0x00, 0x00, 0xdc, 0xc3, 0x28]));
      for (const u of updates) await appendDocumentUpdate(db, "charte-utf16", u, null);
      const read: Uint8Array[] = [];
      await forEachDocumentUpdatePage(db, "charte-utf16", (page) => read.push(...page));
      expect(read.map((u) => Buffer.from(u).toString("hex"))).to.deep.equal(updates.map((u) => Buffer.from(u).toString("hex")));
    } finally {
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
