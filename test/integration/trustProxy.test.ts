import { expect } from "chai";
import { WebSocket } from "ws";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { collabUrl } from "../helpers/collab.js";
import { storedRequest } from "../helpers/rawCollab.js";
import { CLOSE_CODES } from "../../server/shared/collab.js";
import { ConfigError, DEFAULT_COLLAB_LIMITS, loadConfig } from "../../server/config.js";

/**
 * `TRUST_PROXY` says whose X-Forwarded-For names the client, for every
 * per-address limit: logins over REST and collaboration connections alike.
 * The test's requests all come from 127.0.0.1, claiming other addresses.
 */
describe("trusted proxies (TRUST_PROXY)", function () {
  this.timeout(30000);
  let server: TestServer;
  afterEach(async () => server?.close());

  const start = (trustProxy: string[]) =>
    startTestServer({ config: { trustProxy, loginMaxFailuresPerAddress: 3, loginWindowSeconds: 600, collab: { ...DEFAULT_COLLAB_LIMITS, maxConnectionsPerAddress: 2 } } });

  const failedLogin = async (claimedAddress: string, i: number) => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": claimedAddress },
      body: JSON.stringify({ email: `inconnu.${claimedAddress}.${i}@example.org`, password: "devine-moi" }),
    });
    return res.status;
  };

  /** Opens a collaboration socket claiming an address; resolves with "open" (it stayed open) or its close code. */
  const connectFrom = async (claimedAddress: string, token: string, charterId: string): Promise<"open" | number> => {
    const ws = new WebSocket(await collabUrl(server, charterId, token), { headers: { "x-forwarded-for": claimedAddress } });
    ws.on("error", () => {});
    opened.push(ws);
    return new Promise((resolve) => {
      ws.once("close", (code) => resolve(code));
      ws.once("open", () => {
        ws.send(storedRequest(1));
        ws.once("message", () => resolve("open"));
      });
    });
  };
  const opened: WebSocket[] = [];
  afterEach(() => { for (const ws of opened.splice(0)) ws.terminate(); });

  it("by default believes a proxy on loopback: each claimed address has its own limits", async () => {
    server = await start(loadConfig({}).trustProxy);
    for (let i = 0; i < 3; i++) expect(await failedLogin("203.0.113.1", i)).to.equal(401);
    expect(await failedLogin("203.0.113.1", 3), "the fourth failure from one address").to.equal(429);
    expect(await failedLogin("203.0.113.2", 0), "another address behind the proxy").to.equal(401);

    const charterId = await demoCharterId(server);
    const token = await server.login("pilote@example.org");
    expect(await connectFrom("203.0.113.1", token, charterId)).to.equal("open");
    expect(await connectFrom("203.0.113.1", token, charterId)).to.equal("open");
    expect(await connectFrom("203.0.113.1", token, charterId), "a third connection from one address").to.equal(CLOSE_CODES.rateLimited);
    expect(await connectFrom("203.0.113.2", token, charterId), "another address behind the proxy").to.equal("open");
  });

  it("with no trusted proxy, ignores X-Forwarded-For: a client cannot dodge its limits by claiming addresses", async () => {
    server = await start([]);
    // Signed in first: the failures below lock the one real address out of logging in.
    const charterId = await demoCharterId(server);
    const token = await server.login("pilote@example.org");
    for (let i = 0; i < 3; i++) expect(await failedLogin(`198.51.100.${i}`, i)).to.equal(401);
    expect(await failedLogin("198.51.100.99", 0), "a fourth failure, claiming yet another address").to.equal(429);

    expect(await connectFrom("198.51.100.1", token, charterId)).to.equal("open");
    expect(await connectFrom("198.51.100.2", token, charterId)).to.equal("open");
    expect(await connectFrom("198.51.100.3", token, charterId), "a third connection from the one real address").to.equal(CLOSE_CODES.rateLimited);
  });

  it("trusts only the proxies listed (a balancer elsewhere is not loopback)", async () => {
    server = await start(["10.0.0.0/8"]);
    for (let i = 0; i < 3; i++) expect(await failedLogin(`192.0.2.${i}`, i)).to.equal(401);
    expect(await failedLogin("192.0.2.99", 0), "loopback is not a trusted proxy now").to.equal(429);
  });

  it("reads TRUST_PROXY as a list, none, or refuses what is neither an address, a subnet nor a known name", () => {
    expect(loadConfig({}).trustProxy).to.deep.equal(["loopback"]);
    expect(loadConfig({ TRUST_PROXY: "none" }).trustProxy).to.deep.equal([]);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.5, 10.1.0.0/16,uniquelocal" }).trustProxy).to.deep.equal(["10.0.0.5", "10.1.0.0/16", "uniquelocal"]);
    expect(() => loadConfig({ TRUST_PROXY: "balancer.example.fr" })).to.throw(ConfigError, /TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/40" })).to.throw(ConfigError, /TRUST_PROXY/);
  });
});
