import { expect } from "chai";
import { execFile } from "node:child_process";
import { startTestServer, type TestServer } from "../helpers/testServer.js";

/**
 * `count` logins with distinct unknown emails, all at once, from another
 * process (an attacker's client does not share the server's event loop).
 */
function floodFromAnotherProcess(url: string, count: number): Promise<{ status: number; retryAfter: string | null; body: any }[]> {
  const script = `
    const attempt = async (i) => {
      const res = await fetch(${JSON.stringify(url)} + "/api/auth/login", {
        method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.7" },
        body: JSON.stringify({ email: "inconnu." + i + "@example.org", password: "devine-moi" }),
      });
      return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json() };
    };
    console.log(JSON.stringify(await Promise.all(Array.from({ length: ${count} }, (_, i) => attempt(i)))));`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ["--input-type=module", "-e", script], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout)))));
}

/** One login attempt over real HTTP, from `address` (the server trusts X-Forwarded-For from loopback, as behind a local proxy). */
async function login(server: TestServer, email: string, password: string, address = "203.0.113.7") {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json() };
}

/** How long a request takes, in ms. */
async function timed(request: () => Promise<{ status: number }>): Promise<number> {
  const start = performance.now();
  expect((await request()).status).to.equal(200);
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe("login flood", function () {
  this.timeout(120000);

  describe("from one address with distinct emails", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({
        // Passwords hashed at the product's cost: this suite is about what hashing costs the server.
        productPasswordCost: true,
        config: { loginMaxFailures: 5, loginMaxFailuresPerAddress: 20, loginMaxFailuresPerAccount: 10, loginWindowSeconds: 900, passwordHashConcurrency: 2, passwordHashQueue: 32 },
      });
    });
    after(() => server.close());

    it("answers 429 after 20 failures whatever the email, while a signed-in user and the health check keep their usual time", async () => {
      const token = await server.login("redacteur@example.org");
      const me = () => server.api("GET", "/api/auth/me", { token });
      const health = () => server.api("GET", "/api/health");
      const baseline: number[] = [];
      for (let i = 0; i < 20; i++) baseline.push(await timed(me), await timed(health));
      const usual = median(baseline);

      let done = false;
      const flood = floodFromAnotherProcess(server.url, 300).finally(() => { done = true; });
      const during: number[] = [];
      while (!done) during.push(await timed(me), await timed(health));
      const results = await flood;

      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s == 401)).to.have.length(20);
      expect(statuses.filter((s) => s == 429)).to.have.length(280);
      const limited = results.find((r) => r.status == 429)!;
      expect(limited.body.error).to.include({ id: "too_many_requests" });
      expect(limited.body.error.message).to.match(/^Trop de tentatives de connexion\. Réessayez dans 15 minutes\.$/);
      expect(Number(limited.retryAfter)).to.be.within(890, 900);
      // Only 20 passwords were hashed, two at a time: the database never waited behind them.
      expect(during.length).to.be.greaterThan(0);
      // Generous bounds: the 300 requests arriving at once cost the event loop a few hundred ms; unlimited hashing cost seconds.
      const seen = `usual ${usual.toFixed(1)} ms, during the flood ${during.map((d) => d.toFixed(0)).join(" ")} ms`;
      expect(Math.max(...during), seen).to.be.below(usual * 20 + 1000);
      expect(median(during), seen).to.be.below(usual * 5 + 25);
      // Other addresses are not affected, nor is the right password from elsewhere.
      expect((await login(server, "lecteur@example.org", "charte-demo", "198.51.100.1")).status).to.equal(200);
    });

    it("records failed logins and the one that reached the limit in the audit log", async () => {
      await login(server, "comite@example.org", "pas-le-bon", "198.51.100.2");
      const failed = await server.services.db("audit_events").where({ action: "user.login_failed" }).select("actor_id", "ip", "details");
      expect(failed).to.have.length(21);
      expect(failed.filter((r) => r.ip == "203.0.113.7")).to.have.length(20);
      const known = failed.find((r) => r.ip == "198.51.100.2")!;
      const comite = await server.services.db("users").where({ email: "comite@example.org" }).first();
      expect(known.actor_id).to.equal(comite.id);
      expect(JSON.parse(known.details)).to.deep.equal({ via: "login", reason: "wrong_password", email: "comite@example.org" });
      // An unknown email is not stored: it may be a password typed in the wrong field.
      expect(JSON.parse(failed[0].details)).to.deep.equal({ via: "login", reason: "unknown_email" });
      const throttled = await server.services.db("audit_events").where({ action: "user.login_throttled" }).select("ip", "details");
      expect(throttled).to.have.length(1);
      expect(throttled[0].ip).to.equal("203.0.113.7");
      expect(JSON.parse(throttled[0].details)).to.include({ via: "login", limit: "address" });
    });
  });

  describe("on one account from many addresses", () => {
    let server: TestServer;
    before(async () => { server = await startTestServer({ productPasswordCost: true, config: { loginMaxFailuresPerAccount: 4, loginWindowSeconds: 600 } }); });
    after(() => server.close());

    it("answers 429 after the account's limit, from any address, even with the right password; other accounts still log in", async () => {
      for (let i = 0; i < 4; i++) expect((await login(server, "signataire@example.org", "mauvais", `192.0.2.${i + 1}`)).status).to.equal(401);
      const blocked = await login(server, "Signataire@Example.org", "charte-demo", "192.0.2.99");
      expect(blocked.status).to.equal(429);
      expect(Number(blocked.retryAfter)).to.be.within(590, 600);
      expect((await login(server, "signataire.caf@example.org", "charte-demo", "192.0.2.1")).status).to.equal(200);
    });

    it("does not count right passwords", async () => {
      for (let i = 0; i < 10; i++) expect((await login(server, "lecteur@example.org", "charte-demo", "192.0.2.50")).status).to.equal(200);
    });
  });

  describe("beyond the hashing queue", () => {
    let server: TestServer;
    before(async () => { server = await startTestServer({ productPasswordCost: true, config: { passwordHashConcurrency: 1, passwordHashQueue: 4 } }); });
    after(() => server.close());

    it("answers 503 with Retry-After instead of queueing more password checks, and logs in again once it is over", async () => {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => login(server, `x${i}@example.org`, "devine-moi", `10.1.${i}.1`)));
      const busy = results.filter((r) => r.status == 503);
      const checked = results.filter((r) => r.status == 401).length;
      // One checked and four waiting when the rest arrive (a few more if a check ends while they still arrive).
      expect(checked).to.be.within(5, 10);
      expect(busy).to.have.length(40 - checked);
      expect(busy[0].retryAfter).to.equal("5");
      expect(busy[0].body.error).to.deep.equal({ id: "server_busy", message: "Le serveur reçoit trop de connexions à la fois. Réessayez dans quelques secondes." });
      expect((await server.api("GET", "/api/health")).status).to.equal(200);
      expect((await login(server, "lecteur@example.org", "charte-demo", "10.1.0.1")).status).to.equal(200);
      // A refused check is not a failure: it is not in the audit log.
      expect(await server.services.db("audit_events").where({ action: "user.login_failed" })).to.have.length(checked);
    });
  });

  describe("accepting an invitation with an existing account's password", () => {
    let server: TestServer;
    let pilot: string;
    before(async () => {
      server = await startTestServer({ productPasswordCost: true, config: { loginMaxFailures: 3, loginWindowSeconds: 600 } });
      pilot = await server.login("pilote@example.org");
    });
    after(() => server.close());

    const invitationFor = async (email: string) => {
      const charter = await server.api("POST", "/api/charters", { token: pilot, body: { title: `Charte pour ${email}`, template: "charte-departementale", departmentCode: "49", signatoryIds: [] } });
      const invitation = await server.api("POST", `/api/charters/${charter.body.charter.id}/invitations`, { token: pilot, body: { email, role: "reader" } });
      return invitation.body.invitation.link.split("/invitation/")[1] as string;
    };
    const accept = async (token: string, password: string, address = "203.0.113.40") => {
      const res = await fetch(`${server.url}/api/invitations/${token}/accept`, {
        method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": address }, body: JSON.stringify({ password }),
      });
      return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json() };
    };

    it("is limited like a login, and shares the login's count", async () => {
      const token = await invitationFor("redacteur@example.org");
      for (let i = 0; i < 3; i++) {
        const wrong = await accept(token, `essai-numero-${i}`);
        expect(wrong.status).to.equal(400);
        expect(wrong.body.error.id).to.equal("wrong_password");
      }
      const blocked = await accept(token, "charte-demo");
      expect(blocked.status).to.equal(429);
      expect(blocked.retryAfter).to.match(/^\d+$/);
      // The same account from the same address cannot log in either; from another address it can, and the invitation still works.
      expect((await login(server, "redacteur@example.org", "charte-demo", "203.0.113.40")).status).to.equal(429);
      expect((await login(server, "redacteur@example.org", "charte-demo", "203.0.113.41")).status).to.equal(200);
      expect((await accept(token, "charte-demo", "203.0.113.41")).status).to.equal(200);
      const failed = await server.services.db("audit_events").where({ action: "user.login_failed" }).select("details");
      expect(failed.map((r) => JSON.parse(r.details))).to.deep.equal(Array(3).fill({ via: "invitation", reason: "wrong_password", email: "redacteur@example.org" }));
    });
  });
});
