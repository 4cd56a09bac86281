import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { databaseKinds } from "../helpers/databases.js";
import { migrate, openDatabase } from "../../server/store/db.js";
import { migrationSource } from "../../db/migrations/index.js";
import { recordAudit } from "../../server/store/audit.js";
import { startTestServer } from "../helpers/testServer.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";
import { verifyPassword } from "../../server/auth/passwords.js";

for (const kind of databaseKinds()) {
  describe(`database on ${kind.name}`, function () {
    this.timeout(60000);

    it("runs the same migrations up, down and up again", async () => {
      const target = await kind.create();
      const db = openDatabase(target);
      try {
        await migrate(db);
        for (const table of ["organisations", "users", "sessions", "charters", "charter_signatories", "memberships", "invitations", "charter_updates", "audit_events", "charter_versions", "comments", "charter_clients", "charter_deletions"])
          expect(await db.schema.hasTable(table), table).to.equal(true);
        await db.migrate.rollback({ migrationSource }, true);
        expect(await db.schema.hasTable("charter_versions")).to.equal(false);
        expect(await db.schema.hasTable("users")).to.equal(false);
        await migrate(db);
        expect(await db.schema.hasTable("users")).to.equal(true);
      } finally {
        await db.destroy();
        await target.drop();
      }
    });

    it("keeps the audit log append-only", async () => {
      const target = await kind.create();
      const db = openDatabase(target);
      try {
        await migrate(db);
        await recordAudit(db, { actorId: null, action: "test.event", details: { a: 1 } });
        const [row] = await db("audit_events").select("*");
        expect(row).to.include({ action: "test.event", details: '{"a":1}' });
        expect(row.at).to.match(/^\d{4}-\d{2}-\d{2}T/);
        let updateError: unknown = null, deleteError: unknown = null;
        await db("audit_events").update({ action: "tampered" }).catch((e) => (updateError = e));
        await db("audit_events").delete().catch((e) => (deleteError = e));
        expect(String(updateError)).to.match(/append-only/);
        expect(String(deleteError)).to.match(/append-only/);
        expect((await db("audit_events").first()).action).to.equal("test.event");
      } finally {
        await db.destroy();
        await target.drop();
      }
    });

    it("enforces foreign keys and unique emails", async () => {
      const target = await kind.create();
      const db = openDatabase(target);
      try {
        await migrate(db);
        const at = new Date().toISOString();
        const membership = { id: randomUUID(), charter_id: "nope", user_id: "nope", role: "pilot", created_at: at, updated_at: at };
        let fkError: unknown = null;
        await db("memberships").insert(membership).catch((e) => (fkError = e));
        expect(fkError, "foreign key").to.not.equal(null);
        const user = { id: randomUUID(), email: "a@example.org", name: "A", password_hash: "x", platform_role: "member", created_at: at };
        await db("users").insert(user);
        let uniqueError: unknown = null;
        await db("users").insert({ ...user, id: randomUUID() }).catch((e) => (uniqueError = e));
        expect(String(uniqueError)).to.match(/unique|duplicate/i);
      } finally {
        await db.destroy();
        await target.drop();
      }
    });

    it("seeds the demo département: organisations, one account per role, signatories, a charter from the template", async () => {
      const server = await startTestServer({ database: kind, productPasswordCost: true });
      try {
        const { db } = server.services;
        const kinds = (await db("organisations").select("kind")).map((r) => r.kind);
        for (const k of ["prefecture", "departement", "caf", "bailleur_social", "adil", "commissaires_justice", "ccas", "association"]) expect(kinds).to.include(k);
        const charters = await db("charters").select("*");
        expect(charters).to.have.length(1);
        expect(charters[0].template_id).to.equal("charte-departementale");
        const roles = await db("memberships").join("users", "users.id", "memberships.user_id").select("users.email", "memberships.role");
        const roleOf = (email: string) => roles.find((r) => r.email == email)?.role;
        expect(["pilote", "redacteur", "signataire", "comite", "lecteur"].map((n) => roleOf(`${n}@example.org`))).to.deep.equal(["pilot", "editor", "signatory", "committee", "reader"]);
        const signatories = await db("charter_signatories").count({ n: "*" }).first();
        expect(roles.filter((r) => r.role == "signatory")).to.have.length(Number(signatories!.n));
        const pilot = await db("users").where({ email: "pilote@example.org" }).first();
        expect(await verifyPassword(DEMO_PASSWORD, pilot.password_hash)).to.equal(true);
      } finally {
        await server.close();
      }
    });
  });
}
