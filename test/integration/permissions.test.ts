import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { allRoutes } from "../../server/http/routes/index.js";
import type { RouteDef } from "../../server/http/route.js";
import { ROLES, type Role } from "../../server/shared/roles.js";
import { databaseKinds } from "../helpers/databases.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { addUser, demoCharterId, freshCharter, makeInvitation, saveVersion } from "../helpers/fixtures.js";
import { charterFreezer } from "../../server/domain/versions/charterFreezer.js";
import { getCharter } from "../../server/store/charters.js";
import { getVersion } from "../../server/store/versions.js";
import { charterCreator } from "../../server/domain/commands/charterCreator.js";
import { migrationSource } from "../../db/migrations/index.js";
import { readDocumentJSON } from "../../server/domain/documents.js";
import { charterAt } from "../helpers/signingFixtures.js";
import { charterWithSignature } from "../helpers/evidenceFixtures.js";
import { openCampaign, sharedSignedCharter } from "../helpers/followupFixtures.js";
import { ensureSignedPdf } from "../../server/domain/signing/signedPdfRecorder.js";
import { currentRound } from "../../server/store/signing.js";

type Who = Role | "outsider";

/** The id of a clause of a charter's draft: comments are anchored to clauses that exist. */
async function clauseIdOf(s: TestServer, charterId: string): Promise<string> {
  const doc = (await readDocumentJSON(s.services, charterId)) as { content: { type: string; content?: { type: string; attrs?: { id: string } }[] }[] };
  return doc.content.find((n) => n.type == "section")!.content!.find((n) => n.type == "clause")!.attrs!.id;
}
const EVERYONE: Who[] = [...ROLES, "outsider"];
const MEMBERS: Who[] = [...ROLES];

/**
 * For every route the server runs: who may call it (the specification, written
 * out here rather than read from the policy module), and how to build a call
 * that succeeds. A route missing from this table fails the test.
 */
type Call = { path: string; body?: unknown; rawBody?: string; headers?: Record<string, string> };

/** The signed charter the follow-up rows work on, and the id of one of its commitments the editor's organisation (the Département) answers for. */
async function followup(s: TestServer, demoId: string) {
  const { charterId } = await sharedSignedCharter(s, demoId);
  const editor = await s.services.db("users").where({ email: "redacteur@example.org" }).first();
  const commitment = await s.services.db("tracked_commitments").where({ charter_id: charterId, organisation_id: editor.organisation_id }).orderBy("position").first();
  return { charterId, commitmentId: commitment.commitment_id as string };
}

/** A campaign of the signed charter in review, with one declaration of the editor's organisation to appraise. */
async function campaignInReview(s: TestServer, demoId: string) {
  const { charterId, commitmentId } = await followup(s, demoId);
  const campaignId = await openCampaign(s, charterId);
  const declared = await s.api("POST", `/api/charters/${charterId}/campaigns/${campaignId}/declarations`, { token: await s.login("redacteur@example.org"), body: { commitmentId, status: "realise", narrative: "Fait." } });
  await s.api("POST", `/api/charters/${charterId}/campaigns/${campaignId}/state`, { token: await s.login("pilote@example.org"), body: { state: "in_review" } });
  return { charterId, campaignId, declarationId: declared.body.declaration.id as string };
}

async function indicatorOf(s: TestServer, charterId: string, code: string): Promise<string> {
  return (await s.services.db("indicators").where({ charter_id: charterId, code }).first()).id;
}

/**
 * One fixture per server for rows whose calls only read it: a charter taken
 * to signing costs about a second, and each role's GET leaves it as it was.
 */
function onePerServer<T>(make: (s: TestServer, charterId: string) => Promise<T>): (s: TestServer, charterId: string) => Promise<T> {
  const made = new WeakMap<TestServer, Promise<T>>();
  return (s, charterId) => {
    if (!made.has(s)) made.set(s, make(s, charterId));
    return made.get(s)!;
  };
}
const signedOnce = onePerServer(charterWithSignature);
const openForSigningOnce = onePerServer((s, c) => charterAt(s, c, "signing"));

const SPEC: Record<string, { allowed: "public" | Who[]; call(s: TestServer, charterId: string): Promise<Call> }> = {
  "GET /health": { allowed: "public", call: async () => ({ path: "/api/health" }) },
  "GET /openapi.json": { allowed: "public", call: async () => ({ path: "/api/openapi.json" }) },
  "POST /auth/login": { allowed: "public", call: async () => ({ path: "/api/auth/login", body: { email: "lecteur@example.org", password: "charte-demo" } }) },
  "GET /invitations/:token": { allowed: "public", call: async (s, c) => ({ path: `/api/invitations/${(await makeInvitation(s, c)).token}` }) },
  "POST /invitations/:token/accept": {
    allowed: "public",
    call: async (s, c) => ({ path: `/api/invitations/${(await makeInvitation(s, c)).token}/accept`, body: { name: "Nouvelle Personne", password: "un-bon-mot-de-passe" } }),
  },
  "POST /auth/logout": { allowed: EVERYONE, call: async () => ({ path: "/api/auth/logout" }) },
  "GET /auth/me": { allowed: EVERYONE, call: async () => ({ path: "/api/auth/me" }) },
  "GET /templates": { allowed: EVERYONE, call: async () => ({ path: "/api/templates" }) },
  "GET /reference": { allowed: EVERYONE, call: async () => ({ path: "/api/reference" }) },
  "GET /organisations": { allowed: EVERYONE, call: async () => ({ path: "/api/organisations?departement=49" }) },
  "POST /organisations": {
    allowed: ["pilot"],
    call: async () => ({ path: "/api/organisations", body: { name: `Commune ${randomUUID().slice(0, 6)}`, kind: "ccas", departmentCode: "49" } }),
  },
  "GET /charters": { allowed: EVERYONE, call: async () => ({ path: "/api/charters" }) },
  "POST /charters": {
    allowed: ["pilot"],
    call: async () => ({ path: "/api/charters", body: { title: "Charte de test", template: "charte-departementale", departmentCode: "49", signatoryIds: [] } }),
  },
  "GET /charters/:id": { allowed: MEMBERS, call: async (_s, c) => ({ path: `/api/charters/${c}` }) },
  "GET /charters/:id/document": { allowed: MEMBERS, call: async (_s, c) => ({ path: `/api/charters/${c}/document` }) },
  "GET /charters/:id/audit": { allowed: ["pilot"], call: async (_s, c) => ({ path: `/api/charters/${c}/audit` }) },
  "GET /charters/:id/audit/verify": { allowed: ["pilot"], call: async (_s, c) => ({ path: `/api/charters/${c}/audit/verify` }) },
  "PATCH /charters/:id": { allowed: ["pilot"], call: async (_s, c) => ({ path: `/api/charters/${c}`, body: { title: "Charte départementale renommée" } }) },
  "POST /charters/:id/archive": { allowed: ["pilot"], call: async (s) => ({ path: `/api/charters/${await freshCharter(s)}/archive` }) },
  "POST /charters/:id/unarchive": {
    allowed: ["pilot"],
    call: async (s) => {
      const charterId = await freshCharter(s);
      await s.services.db("charters").where({ id: charterId }).update({ state: "archived" });
      return { path: `/api/charters/${charterId}/unarchive` };
    },
  },
  "DELETE /charters/:id": { allowed: ["pilot"], call: async (s) => ({ path: `/api/charters/${await freshCharter(s)}` }) },
  "GET /charters/:id/members": { allowed: MEMBERS, call: async (_s, c) => ({ path: `/api/charters/${c}/members` }) },
  "PATCH /charters/:id/members/:userId": {
    allowed: ["pilot"],
    call: async (s, c) => ({ path: `/api/charters/${c}/members/${(await addUser(s, { charterId: c })).id}`, body: { role: "editor" } }),
  },
  "DELETE /charters/:id/members/:userId": {
    allowed: ["pilot"],
    call: async (s, c) => ({ path: `/api/charters/${c}/members/${(await addUser(s, { charterId: c })).id}` }),
  },
  "GET /charters/:id/invitations": { allowed: ["pilot"], call: async (_s, c) => ({ path: `/api/charters/${c}/invitations` }) },
  "POST /charters/:id/invitations": {
    allowed: ["pilot"],
    call: async (_s, c) => ({ path: `/api/charters/${c}/invitations`, body: { email: `p-${randomUUID().slice(0, 8)}@example.org`, role: "reader" } }),
  },
  "DELETE /charters/:id/invitations/:invitationId": {
    allowed: ["pilot"],
    call: async (s, c) => ({ path: `/api/charters/${c}/invitations/${(await makeInvitation(s, c)).invitation.id}` }),
  },
  "POST /charters/:id/versions": { allowed: ["pilot", "editor"], call: async (_s, c) => ({ path: `/api/charters/${c}/versions`, body: { label: "V test" } }) },
  "GET /charters/:id/versions": { allowed: MEMBERS, call: async (_s, c) => ({ path: `/api/charters/${c}/versions` }) },
  "GET /charters/:id/versions/:versionId": { allowed: MEMBERS, call: async (s, c) => ({ path: `/api/charters/${c}/versions/${await saveVersion(s, c)}` }) },
  "POST /charters/:id/versions/:versionId/restore": { allowed: ["pilot"], call: async (s, c) => ({ path: `/api/charters/${c}/versions/${await saveVersion(s, c)}/restore` }) },
  "GET /charters/:id/diff": { allowed: MEMBERS, call: async (s, c) => ({ path: `/api/charters/${c}/diff?from=${await saveVersion(s, c)}&to=draft` }) },
  "GET /charters/:id/export.pdf": { allowed: MEMBERS, call: async (_s, c) => ({ path: `/api/charters/${c}/export.pdf?version=draft` }) },
  "GET /charters/:id/export.docx": { allowed: MEMBERS, call: async (s, c) => ({ path: `/api/charters/${c}/export.docx?version=${await saveVersion(s, c)}` }) },
  "POST /charters/:id/collab-tickets": { allowed: MEMBERS, call: async (_s, c) => ({ path: `/api/charters/${c}/collab-tickets` }) },
  "POST /charters/:id/freeze": {
    allowed: ["pilot"],
    call: async (s) => {
      const charterId = await freshCharter(s);
      return { path: `/api/charters/${charterId}/freeze`, body: { versionId: await saveVersion(s, charterId), confirmPlaceholders: true } };
    },
  },
  "POST /charters/:id/reopen": {
    allowed: ["pilot"],
    call: async (s) => {
      const charterId = await freshCharter(s);
      const version = (await getVersion(s.services.db, charterId, await saveVersion(s, charterId)))!;
      const pilot = await s.services.db("users").where({ email: "pilote@example.org" }).first();
      await charterFreezer(s.services, (await getCharter(s.services.db, charterId))!, version, pilot.id, null, { confirmPlaceholders: true });
      return { path: `/api/charters/${charterId}/reopen` };
    },
  },
  "GET /charters/:id/frozen-version": {
    allowed: MEMBERS,
    call: async (s, c) => {
      const charterId = await freshCharter(s);
      // freshCharter copies the members of whichever charter comes first, which may be one made by another row of this table.
      const at = new Date().toISOString();
      const members = await s.services.db("memberships").where({ charter_id: c });
      await s.services.db("memberships").where({ charter_id: charterId }).delete();
      for (const m of members) await s.services.db("memberships").insert({ ...m, id: randomUUID(), charter_id: charterId, created_at: at, updated_at: at });
      const version = (await getVersion(s.services.db, charterId, await saveVersion(s, charterId)))!;
      const pilot = await s.services.db("users").where({ email: "pilote@example.org" }).first();
      await charterFreezer(s.services, (await getCharter(s.services.db, charterId))!, version, pilot.id, null, { confirmPlaceholders: true });
      return { path: `/api/charters/${charterId}/frozen-version` };
    },
  },
  "GET /charters/:id/signatures": { allowed: MEMBERS, call: async (_s, c) => ({ path: `/api/charters/${c}/signatures` }) },
  "GET /charters/:id/evidence.json": { allowed: MEMBERS, call: async (s, c) => ({ path: `/api/charters/${(await signedOnce(s, c)).charterId}/evidence.json` }) },
  "GET /charters/:id/evidence.pdf": { allowed: MEMBERS, call: async (s, c) => ({ path: `/api/charters/${(await signedOnce(s, c)).charterId}/evidence.pdf` }) },
  "POST /charters/:id/approvals": {
    allowed: ["signatory"],
    call: async (s, c) => ({ path: `/api/charters/${(await charterAt(s, c, "frozen")).charterId}/approvals`, body: { decision: "approve" } }),
  },
  "POST /charters/:id/signing": {
    allowed: ["pilot"],
    call: async (s, c) => ({ path: `/api/charters/${(await charterAt(s, c, "approved")).charterId}/signing`, body: {} }),
  },
  "POST /charters/:id/signatures": {
    allowed: ["signatory"],
    call: async (s, c) => {
      const { charterId, versionHash } = await charterAt(s, c, "signing");
      return { path: `/api/charters/${charterId}/signatures`, body: { versionHash, password: "charte-demo", capacity: "Préfet", consent: true, mode: "typed", typedName: "Philippe Garnier" } };
    },
  },
  "POST /charters/:id/refusals": {
    allowed: ["signatory"],
    call: async (s, c) => ({ path: `/api/charters/${(await charterAt(s, c, "signing")).charterId}/refusals`, body: { reason: "Le texte ne nous engage pas en l'état." } }),
  },
  "GET /charters/:id/commitments": { allowed: MEMBERS, call: async (s, c) => ({ path: `/api/charters/${(await followup(s, c)).charterId}/commitments` }) },
  "GET /charters/:id/dashboard": { allowed: MEMBERS, call: async (s, c) => ({ path: `/api/charters/${(await followup(s, c)).charterId}/dashboard` }) },
  "GET /charters/:id/campaigns": { allowed: MEMBERS, call: async (s, c) => ({ path: `/api/charters/${(await followup(s, c)).charterId}/campaigns` }) },
  "POST /charters/:id/campaigns": {
    allowed: ["pilot"],
    call: async (s, c) => {
      const { charterId } = await followup(s, c);
      // One campaign at a time: those left running by other rows are closed first.
      await s.services.db("campaigns").where({ charter_id: charterId }).whereNot({ state: "closed" }).update({ state: "closed" });
      return { path: `/api/charters/${charterId}/campaigns`, body: { label: "Bilan 2027", start: "2027-01-01", end: "2027-12-31", deadline: "2028-01-31", committeeDate: "2028-02-15" } };
    },
  },
  "POST /charters/:id/campaigns/:campaignId/state": {
    allowed: ["pilot"],
    call: async (s, c) => {
      const { charterId } = await followup(s, c);
      return { path: `/api/charters/${charterId}/campaigns/${await openCampaign(s, charterId)}/state`, body: { state: "in_review" } };
    },
  },
  "GET /charters/:id/campaigns/:campaignId/snapshot": {
    allowed: MEMBERS,
    call: async (s, c) => {
      const { charterId, campaignId } = await campaignInReview(s, c);
      await s.api("POST", `/api/charters/${charterId}/campaigns/${campaignId}/state`, { token: await s.login("pilote@example.org"), body: { state: "closed" } });
      return { path: `/api/charters/${charterId}/campaigns/${campaignId}/snapshot` };
    },
  },
  ...Object.fromEntries(["pdf", "csv", "xlsx"].map((extension) => [`GET /charters/:id/campaigns/:campaignId/report.${extension}`, {
    allowed: MEMBERS,
    call: async (s: TestServer, c: string) => {
      const { charterId } = await followup(s, c);
      return { path: `/api/charters/${charterId}/campaigns/${await openCampaign(s, charterId)}/report.${extension}` };
    },
  }])),
  "POST /charters/:id/campaigns/:campaignId/declarations": {
    // Declaring is for signatories and editors of the responsible organisation: the commitment here is the editor's
    // organisation's, so the signatory (of the Préfecture) is refused too, as for any other organisation's commitment.
    allowed: ["editor"],
    call: async (s, c) => {
      const { charterId, commitmentId } = await followup(s, c);
      return { path: `/api/charters/${charterId}/campaigns/${await openCampaign(s, charterId)}/declarations`, body: { commitmentId, status: "en_cours", narrative: "En cours." } };
    },
  },
  "POST /charters/:id/campaigns/:campaignId/evidence": {
    allowed: ["editor", "signatory"],
    call: async (s, c) => {
      const { charterId } = await followup(s, c);
      return { path: `/api/charters/${charterId}/campaigns/${await openCampaign(s, charterId)}/evidence`, body: { url: "https://example.org/bilan", title: "Bilan" } };
    },
  },
  "GET /charters/:id/campaigns/:campaignId/evidence/:evidenceId": {
    allowed: MEMBERS,
    call: async (s, c) => {
      const { charterId } = await followup(s, c);
      const campaignId = await openCampaign(s, charterId);
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(Buffer.from("%PDF-1.4\n%%EOF\n"))]), "piece.pdf");
      const res = await fetch(`${s.url}/api/charters/${charterId}/campaigns/${campaignId}/evidence`, { method: "POST", headers: { authorization: `Bearer ${await s.login("redacteur@example.org")}` }, body: form });
      const { evidence } = await res.json() as { evidence: { id: string } };
      return { path: `/api/charters/${charterId}/campaigns/${campaignId}/evidence/${evidence.id}` };
    },
  },
  "POST /charters/:id/campaigns/:campaignId/appraisals": {
    allowed: ["pilot", "committee"],
    call: async (s, c) => {
      const { charterId, campaignId, declarationId } = await campaignInReview(s, c);
      return { path: `/api/charters/${charterId}/campaigns/${campaignId}/appraisals`, body: { declarationId, appraisal: "complet", comment: "Vérifié." } };
    },
  },
  "GET /charters/:id/indicators": { allowed: MEMBERS, call: async (s, c) => ({ path: `/api/charters/${(await followup(s, c)).charterId}/indicators` }) },
  "PATCH /charters/:id/indicators/:indicatorId": {
    allowed: ["pilot"],
    call: async (s, c) => {
      const { charterId } = await followup(s, c);
      return { path: `/api/charters/${charterId}/indicators/${await indicatorOf(s, charterId, "ASSIGNATIONS")}`, body: { baseline: { value: 1300, year: 2025 } } };
    },
  },
  "POST /charters/:id/indicators/:indicatorId/values": {
    allowed: ["pilot", "committee"],
    call: async (s, c) => {
      const { charterId } = await followup(s, c);
      return { path: `/api/charters/${charterId}/indicators/${await indicatorOf(s, charterId, "CQL")}/values`, body: { period: "2027", value: 400, final: false } };
    },
  },
  "POST /charters/:id/indicators/import": {
    allowed: ["pilot", "committee"],
    call: async (s, c) => ({
      path: `/api/charters/${(await followup(s, c)).charterId}/indicators/import`, rawBody: "indicateur;période;valeur\nCFP_DEMANDES;2027;950\n", headers: { "content-type": "text/csv" },
    }),
  },
  "POST /charters/:id/publication": {
    allowed: ["pilot"],
    call: async (s, c) => ({ path: `/api/charters/${(await followup(s, c)).charterId}/publication`, body: { published: true } }),
  },
  "GET /public/charters/:id": {
    allowed: "public",
    call: async (s, c) => {
      const { charterId } = await followup(s, c);
      await s.services.db("charters").where({ id: charterId }).update({ published_at: new Date().toISOString() });
      return { path: `/api/public/charters/${charterId}` };
    },
  },
  "GET /charters/:id/signed.pdf": { allowed: MEMBERS, call: async (s, c) => ({ path: `/api/charters/${(await openForSigningOnce(s, c)).charterId}/signed.pdf` }) },
  "GET /verify": { allowed: "public", call: async () => ({ path: "/api/verify" }) },
  "POST /verify": { allowed: "public", call: async () => ({ path: "/api/verify", rawBody: "%PDF-1.7 not a signed charter", headers: { "content-type": "application/pdf" } }) },
  "GET /verify/:hash": {
    allowed: "public",
    call: async (s, c) => {
      const { charterId, versionHash } = await charterAt(s, c, "signing");
      const charter = (await getCharter(s.services.db, charterId))!;
      await ensureSignedPdf(s.services, s.services.db, charter, (await currentRound(s.services.db, charterId))!);
      return { path: `/api/verify/${versionHash}` };
    },
  },
  "PATCH /users/:userId/platform-role": {
    // The demo pilot is the platform administrator.
    allowed: ["pilot"],
    call: async (s) => ({ path: `/api/users/${(await addUser(s)).id}/platform-role`, body: { platformRole: "creator" } }),
  },
  "GET /charters/:id/comments": { allowed: MEMBERS, call: async (_s, c) => ({ path: `/api/charters/${c}/comments` }) },
  "POST /charters/:id/comments": { allowed: MEMBERS, call: async (_s, c) => ({ path: `/api/charters/${c}/comments`, body: { clauseId: await clauseIdOf(_s, c), body: "Un avis" } }) },
  "PATCH /charters/:id/comments/:commentId": {
    // Pilots and editors resolve any thread; the reader resolves the one they started.
    allowed: ["pilot", "editor", "reader"],
    call: async (s, c) => {
      const token = await s.login("lecteur@example.org");
      const created = await s.api("POST", `/api/charters/${c}/comments`, { token, body: { clauseId: await clauseIdOf(s, c), body: "À résoudre" } });
      return { path: `/api/charters/${c}/comments/${created.body.comment.id}`, body: { resolved: true } };
    },
  },
};

const key = (def: RouteDef) => `${def.method.toUpperCase()} ${def.path}`;

describe("every route has a permission specification", () => {
  it("covers exactly the routes the server runs", () => {
    expect(allRoutes.map(key).sort()).to.deep.equal(Object.keys(SPEC).sort());
  });
});

for (const kind of databaseKinds()) {
  describe(`permissions matrix on ${kind.name}: roles × routes`, function () {
    this.timeout(120000);
    let server: TestServer;
    let charterId: string;
    const emails: Record<Who, string> = {
      pilot: "pilote@example.org", editor: "redacteur@example.org", signatory: "signataire@example.org",
      committee: "comite@example.org", reader: "lecteur@example.org", outsider: "",
    };

    before(async () => {
      server = await startTestServer({ database: kind });
      charterId = await demoCharterId(server);
      emails.outsider = (await addUser(server)).email;
    });
    after(() => server.close());

    for (const def of allRoutes) {
      const spec = SPEC[key(def)];
      if (!spec) continue;
      const method = def.method.toUpperCase();

      it(`${key(def)}: 401 without a token${spec.allowed == "public" ? " does not apply (public)" : ""}`, async () => {
        const call = await spec.call(server, charterId);
        const res = await server.api(method, call.path, { body: call.body, rawBody: call.rawBody, headers: call.headers });
        if (spec.allowed == "public") expect(res.status, JSON.stringify(res.body)).to.be.within(200, 299);
        else {
          expect(res.status).to.equal(401);
          expect(res.body.error.id).to.equal("unauthorized");
          const bad = await server.api(method, call.path, { body: call.body, rawBody: call.rawBody, headers: call.headers, token: "not.a.token" });
          expect(bad.status).to.equal(401);
        }
      });

      if (spec.allowed == "public") continue;
      const allowed = spec.allowed;
      for (const who of EVERYONE) {
        const expected = allowed.includes(who) ? "2xx" : 403;
        it(`${key(def)}: ${who} gets ${expected}`, async () => {
          const token = await server.login(emails[who]);
          const call = await spec.call(server, charterId);
          const res = await server.api(method, call.path, { body: call.body, rawBody: call.rawBody, headers: call.headers, token });
          if (expected == 403) {
            expect(res.status, JSON.stringify(res.body)).to.equal(403);
            expect(res.body.error.id).to.equal("forbidden");
          } else {
            expect(res.status, JSON.stringify(res.body)).to.be.within(200, 299);
          }
        });
      }
    }
  });
}

for (const kind of databaseKinds()) {
  describe(`platform roles on ${kind.name}: creating charters and organisations is a role of its own`, function () {
    this.timeout(60000);
    let server: TestServer;
    let admin: string;
    let charterId: string;
    before(async () => {
      server = await startTestServer({ database: kind });
      admin = await server.login("pilote@example.org");
      charterId = await demoCharterId(server);
    });
    after(() => server.close());

    const newCharter = (token: string) =>
      server.api("POST", "/api/charters", { token, body: { title: "Charte d'un pilote invité", template: "charte-departementale", departmentCode: "49", signatoryIds: [] } });
    const newOrganisation = (token: string) =>
      server.api("POST", "/api/organisations", { token, body: { name: `Commune ${randomUUID().slice(0, 6)}`, kind: "ccas", departmentCode: "49" } });

    it("does not let an invited pilot create charters or organisations until an administrator makes them a creator", async () => {
      const { token } = await makeInvitation(server, charterId, "pilot", "co-pilote@example.org");
      const accepted = await server.api("POST", `/api/invitations/${token}/accept`, { body: { name: "Anne Copilote", password: "un-bon-mot-de-passe" } });
      expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
      const pilot = accepted.body.token;
      expect((await server.api("GET", `/api/charters/${charterId}`, { token: pilot })).body.charter.role).to.equal("pilot");
      const me = (await server.api("GET", "/api/auth/me", { token: pilot })).body;
      expect(me.user.platformRole).to.equal("member");
      expect(me.abilities).to.deep.equal({ "charter:create": false, "organisations:create": false });
      expect((await newCharter(pilot)).status).to.equal(403);
      expect((await newOrganisation(pilot)).status).to.equal(403);

      const made = await server.api("PATCH", `/api/users/${accepted.body.user.id}/platform-role`, { token: admin, body: { platformRole: "creator" } });
      expect(made.status, JSON.stringify(made.body)).to.equal(200);
      expect(made.body.user.platformRole).to.equal("creator");
      expect((await server.api("GET", "/api/auth/me", { token: pilot })).body.abilities).to.deep.equal({ "charter:create": true, "organisations:create": true });
      expect((await newCharter(pilot)).status).to.equal(201);
      expect((await newOrganisation(pilot)).status).to.equal(201);
      // A creator does not manage platform roles.
      expect((await server.api("PATCH", `/api/users/${accepted.body.user.id}/platform-role`, { token: pilot, body: { platformRole: "admin" } })).status).to.equal(403);
      const audit = await server.services.db("audit_events").where({ action: "user.platform_role_changed" }).first();
      expect(JSON.parse(audit.details)).to.deep.equal({ from: "member", to: "creator" });
    });

    it("refuses an unknown role, and an administrator changing their own", async () => {
      const other = await addUser(server);
      const bad = await server.api("PATCH", `/api/users/${other.id}/platform-role`, { token: admin, body: { platformRole: "pilot" } });
      expect(bad.status).to.equal(400);
      expect(bad.body.error).to.include({ id: "invalid_input", field: "platformRole" });
      const self = (await server.services.db("users").where({ email: "pilote@example.org" }).first()).id;
      const own = await server.api("PATCH", `/api/users/${self}/platform-role`, { token: admin, body: { platformRole: "member" } });
      expect(own.status).to.equal(409);
      expect(own.body.error.id).to.equal("own_platform_role");
    });

    it("migrates those who already created a charter to creators, and no one else", async () => {
      const { db } = server.services;
      const author = await addUser(server);
      const bystander = await addUser(server);
      const authorRow = await db("users").where({ id: author.id }).first();
      await charterCreator(server.services, authorRow, { title: "Charte déjà créée", template: "charte-departementale", departmentCode: "49", signatoryIds: [] }, null);
      const name = "20261201030000_platform_creator_role";
      await db.migrate.down({ migrationSource, name });
      expect((await db("users").where({ id: author.id }).first()).platform_role).to.equal("member");
      await db.migrate.up({ migrationSource, name });
      expect((await db("users").where({ id: author.id }).first()).platform_role).to.equal("creator");
      expect((await db("users").where({ id: bystander.id }).first()).platform_role).to.equal("member");
      expect((await db("users").where({ email: "pilote@example.org" }).first()).platform_role).to.equal("admin");
    });
  });
}
