import { expect } from "chai";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { addUser, demoCharterId } from "../helpers/fixtures.js";

describe("invitations and members", function () {
  this.timeout(30000);
  let server: TestServer;
  let pilot: string;
  let charterId: string;
  let adil: { id: string; name: string };

  before(async () => {
    server = await startTestServer();
    pilot = await server.login("pilote@example.org");
    charterId = await demoCharterId(server);
    adil = (await server.api("GET", "/api/organisations", { token: pilot })).body.organisations.find((o: { kind: string }) => o.kind == "adil");
  });
  after(() => server.close());

  const invite = (email: string, role = "editor", organisationId: string | null = adil.id) =>
    server.api("POST", `/api/charters/${charterId}/invitations`, { token: pilot, body: { email, name: "Léa Durand", role, organisationId } });
  const tokenOf = (link: string) => link.split("/invitation/")[1];

  it("invites a person with a role and an organisation, returning a one-time link", async () => {
    const res = await invite("Lea.Durand@adil49.example.org");
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const inv = res.body.invitation;
    expect(inv).to.deep.include({ email: "lea.durand@adil49.example.org", role: "editor", organisation: { id: adil.id, name: adil.name }, expired: false });
    expect(inv.link).to.match(new RegExp(`^${server.url}/invitation/[A-Za-z0-9_-]{40,}$`));
    const pending = (await server.api("GET", `/api/charters/${charterId}/invitations`, { token: pilot })).body.invitations;
    expect(pending.map((i: { id: string }) => i.id)).to.include(inv.id);
    expect(JSON.stringify(pending)).not.to.contain(tokenOf(inv.link));
    const stored = await server.services.db("invitations").where({ id: inv.id }).first();
    expect(stored.token_hash).to.have.length(64).and.not.equal(tokenOf(inv.link));
  });

  it("lets the invitee see the invitation, choose a password, and become a member", async () => {
    const token = tokenOf((await invite("nouveau@bailleur.example.org", "signatory")).body.invitation.link);
    const info = await server.api("GET", `/api/invitations/${token}`);
    expect(info.status).to.equal(200);
    expect(info.body.invitation).to.deep.include({ email: "nouveau@bailleur.example.org", role: "signatory", hasAccount: false });
    expect(info.body.invitation.charter.id).to.equal(charterId);

    const accepted = await server.api("POST", `/api/invitations/${token}/accept`, { body: { name: "Paul Nouveau", password: "mot-de-passe-solide" } });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
    expect(accepted.body.charterId).to.equal(charterId);
    const charter = await server.api("GET", `/api/charters/${charterId}`, { token: accepted.body.token });
    expect(charter.body.charter.role).to.equal("signatory");
    expect(await server.login("nouveau@bailleur.example.org", "mot-de-passe-solide")).to.be.a("string");
    const members = (await server.api("GET", `/api/charters/${charterId}/members`, { token: pilot })).body.members;
    expect(members.find((m: { email: string }) => m.email == "nouveau@bailleur.example.org")).to.deep.include({ role: "signatory", name: "Paul Nouveau" });
    const seenByReader = (await server.api("GET", `/api/charters/${charterId}/members`, { token: await server.login("lecteur@example.org") })).body.members;
    expect(seenByReader.map((m: { email: string | null }) => m.email)).to.satisfy((emails: unknown[]) => emails.every((e) => e === null));
  });

  it("refuses a link already used, with a clear message", async () => {
    const token = tokenOf((await invite("deux-fois@example.org")).body.invitation.link);
    expect((await server.api("POST", `/api/invitations/${token}/accept`, { body: { name: "Une Fois", password: "mot-de-passe-solide" } })).status).to.equal(200);
    for (const res of [
      await server.api("GET", `/api/invitations/${token}`),
      await server.api("POST", `/api/invitations/${token}/accept`, { body: { name: "Deux Fois", password: "autre-mot-de-passe" } }),
    ]) {
      expect(res.status).to.equal(410);
      expect(res.body.error.id).to.equal("invitation_used");
      expect(res.body.error.message).to.match(/déjà été utilisé/);
    }
  });

  it("refuses an expired link, with a clear message", async () => {
    const res = await invite("en-retard@example.org");
    await server.services.db("invitations").where({ id: res.body.invitation.id }).update({ expires_at: new Date(Date.now() - 1000).toISOString() });
    const token = tokenOf(res.body.invitation.link);
    const info = await server.api("GET", `/api/invitations/${token}`);
    expect(info.status).to.equal(410);
    expect(info.body.error).to.deep.include({ id: "invitation_expired" });
    expect(info.body.error.message).to.match(/expiré/);
    expect((await server.api("POST", `/api/invitations/${token}/accept`, { body: { name: "X Y", password: "mot-de-passe-solide" } })).status).to.equal(410);
  });

  it("refuses a cancelled link and an unknown one", async () => {
    const res = await invite("annule@example.org");
    expect((await server.api("DELETE", `/api/charters/${charterId}/invitations/${res.body.invitation.id}`, { token: pilot })).status).to.equal(204);
    const cancelled = await server.api("GET", `/api/invitations/${tokenOf(res.body.invitation.link)}`);
    expect(cancelled.status).to.equal(410);
    expect(cancelled.body.error.id).to.equal("invitation_revoked");
    expect((await server.api("GET", "/api/invitations/not-a-real-token")).status).to.equal(404);
  });

  it("asks an existing account for its own password, not a new one", async () => {
    const existing = await addUser(server);
    const token = tokenOf((await invite(existing.email, "reader")).body.invitation.link);
    expect((await server.api("GET", `/api/invitations/${token}`)).body.invitation.hasAccount).to.equal(true);
    const wrong = await server.api("POST", `/api/invitations/${token}/accept`, { body: { password: "pas-le-bon-mot" } });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error).to.deep.include({ id: "wrong_password", field: "password" });
    const right = await server.api("POST", `/api/invitations/${token}/accept`, { body: { password: "charte-demo" } });
    expect(right.status).to.equal(200);
  });

  it("validates the invitation and the chosen password", async () => {
    const bad = await server.api("POST", `/api/charters/${charterId}/invitations`, { token: pilot, body: { email: "pas-une-adresse", role: "editor" } });
    expect(bad.body.error).to.deep.include({ field: "email", message: "Adresse électronique invalide." });
    const badRole = await server.api("POST", `/api/charters/${charterId}/invitations`, { token: pilot, body: { email: "a@example.org", role: "king" } });
    expect(badRole.body.error.field).to.equal("role");
    const already = await invite("redacteur@example.org");
    expect(already.status).to.equal(409);
    const token = tokenOf((await invite("court@example.org")).body.invitation.link);
    const short = await server.api("POST", `/api/invitations/${token}/accept`, { body: { name: "A B", password: "court" } });
    expect(short.body.error).to.deep.include({ field: "password", message: "Le mot de passe doit faire au moins 10 caractères." });
  });

  it("changes a role and removes a member, keeping at least one pilot", async () => {
    const member = await addUser(server, { charterId, role: "reader" });
    const changed = await server.api("PATCH", `/api/charters/${charterId}/members/${member.id}`, { token: pilot, body: { role: "committee" } });
    expect(changed.body.member.role).to.equal("committee");
    expect((await server.api("DELETE", `/api/charters/${charterId}/members/${member.id}`, { token: pilot })).status).to.equal(204);
    const memberToken = await server.login(member.email);
    expect((await server.api("GET", `/api/charters/${charterId}`, { token: memberToken })).status).to.equal(403);

    const pilotId = (await server.services.db("users").where({ email: "pilote@example.org" }).first()).id;
    const demote = await server.api("PATCH", `/api/charters/${charterId}/members/${pilotId}`, { token: pilot, body: { role: "reader" } });
    expect(demote.status).to.equal(409);
    expect(demote.body.error.id).to.equal("last_pilot");
  });

  it("records every change in the audit log", async () => {
    const actions = (await server.api("GET", `/api/charters/${charterId}/audit`, { token: pilot })).body.events.map((e: { action: string }) => e.action);
    expect(actions).to.include.members(["invitation.created", "invitation.accepted", "invitation.revoked", "member.role_changed", "member.removed"]);
  });
});
