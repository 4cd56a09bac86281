import { expect } from "chai";
import jwt from "jsonwebtoken";
import { startTestServer, type TestServer } from "../helpers/testServer.js";

describe("accounts and sessions", function () {
  this.timeout(30000);
  let server: TestServer;
  before(async () => { server = await startTestServer({ config: { loginMaxFailures: 3, loginWindowSeconds: 600 } }); });
  after(() => server.close());

  it("logs in with email and password and returns a token and the user, never the hash", async () => {
    const res = await server.api("POST", "/api/auth/login", { body: { email: "  Pilote@Example.org ", password: "charte-demo" } });
    expect(res.status).to.equal(200);
    expect(res.body.token).to.be.a("string");
    expect(res.body.user).to.include({ email: "pilote@example.org", name: "Claire Martin", platformRole: "admin" });
    expect(JSON.stringify(res.body)).not.to.match(/password|scrypt/);
    const me = await server.api("GET", "/api/auth/me", { token: res.body.token });
    expect(me.body.user.email).to.equal("pilote@example.org");
    expect(me.body.user.organisation.name).to.match(/DDETS/);
    expect(me.body.abilities["charter:create"]).to.equal(true);
  });

  it("issues tokens that expire", async () => {
    const token = await server.login("redacteur@example.org");
    const claims = jwt.decode(token) as jwt.JwtPayload;
    expect(claims.exp! - claims.iat!).to.equal(server.services.config.tokenTtlSeconds);
  });

  it("refuses a wrong password with the same message as an unknown email", async () => {
    const wrong = await server.api("POST", "/api/auth/login", { body: { email: "lecteur@example.org", password: "nope" } });
    const unknown = await server.api("POST", "/api/auth/login", { body: { email: "personne@example.org", password: "nope" } });
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    expect(wrong.body).to.deep.equal(unknown.body);
    expect(wrong.body.error.message).to.equal("Adresse électronique ou mot de passe incorrect.");
  });

  it("names the missing field", async () => {
    const res = await server.api("POST", "/api/auth/login", { body: { email: "pilote@example.org" } });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.deep.include({ id: "invalid_input", field: "password", message: "Indiquez votre mot de passe." });
  });

  it("refuses an expired token", async () => {
    const token = await server.login("lecteur@example.org");
    const claims = jwt.decode(token) as jwt.JwtPayload;
    const expired = jwt.sign({ sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 10 }, server.services.config.jwtSecret, { subject: claims.sub, issuer: "charte" });
    const res = await server.api("GET", "/api/charters", { token: expired });
    expect(res.status).to.equal(401);
  });

  it("refuses a token signed with another secret", async () => {
    const token = await server.login("lecteur@example.org");
    const claims = jwt.decode(token) as jwt.JwtPayload;
    const forged = jwt.sign({ sid: claims.sid }, "another-secret-another-secret-another", { subject: claims.sub, issuer: "charte", expiresIn: 600 });
    expect((await server.api("GET", "/api/charters", { token: forged })).status).to.equal(401);
  });

  it("ends the session on logout: the token stops working at once", async () => {
    const token = await server.login("comite@example.org");
    expect((await server.api("GET", "/api/charters", { token })).status).to.equal(200);
    expect((await server.api("POST", "/api/auth/logout", { token })).status).to.equal(204);
    const after = await server.api("GET", "/api/charters", { token });
    expect(after.status).to.equal(401);
    expect(after.body.error.message).to.match(/reconnecter/);
  });

  it("answers 429 after repeated failed logins, for that email only", async () => {
    const attempt = (email: string, password: string) => server.api("POST", "/api/auth/login", { body: { email, password } });
    for (let i = 0; i < 3; i++) expect((await attempt("signataire@example.org", "mauvais")).status).to.equal(401);
    const blocked = await attempt("signataire@example.org", "charte-demo");
    expect(blocked.status).to.equal(429);
    expect(blocked.body.error.id).to.equal("too_many_requests");
    expect(blocked.body.error.message).to.match(/Trop de tentatives/);
    expect((await attempt("signataire.caf@example.org", "charte-demo")).status).to.equal(200);
  });

  it("records logins and logouts in the audit log", async () => {
    const rows = await server.services.db("audit_events").whereIn("action", ["user.logged_in", "user.logged_out"]).select("action");
    expect(rows.map((r) => r.action)).to.include.members(["user.logged_in", "user.logged_out"]);
  });
});
