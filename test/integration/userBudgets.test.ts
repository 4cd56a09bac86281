import { expect } from "chai";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { DEFAULT_USER_BUDGETS } from "../../server/config.js";

describe("per-user budgets of differences and version saves", function () {
  this.timeout(60000);
  let server: TestServer;
  let charterId: string;

  before(async () => {
    server = await startTestServer();
    charterId = await demoCharterId(server);
  });
  after(() => server.close());

  it("answers 429 with Retry-After and a French message once a user has asked for too many differences; others are unaffected", async () => {
    const token = await server.login("lecteur@example.org");
    const saved = await server.api("POST", `/api/charters/${charterId}/versions`, { token: await server.login("redacteur@example.org"), body: { label: "Base" } });
    expect(saved.status).to.equal(201);
    const diff = (t: string) => server.api("GET", `/api/charters/${charterId}/diff?from=${saved.body.id}&to=draft`, { token: t });
    for (let i = 0; i < DEFAULT_USER_BUDGETS.differences.points; i++) expect((await diff(token)).status).to.equal(200);
    const refused = await fetch(`${server.url}/api/charters/${charterId}/diff?from=${saved.body.id}&to=draft`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers.get("retry-after"))).to.be.within(1, 60);
    const body = await refused.json();
    expect(body.error.id).to.equal("too_many_requests");
    expect(body.error.message).to.match(/Trop de comparaisons/);
    // Another user has a budget of their own.
    expect((await diff(await server.login("comite@example.org"))).status).to.equal(200);
  });

  it("limits version saves per user", async () => {
    const token = await server.login("pilote@example.org");
    let status = 0;
    let saves = 0;
    while ((status = (await server.api("POST", `/api/charters/${charterId}/versions`, { token, body: { label: `V${saves}` } })).status) == 201) saves++;
    expect(status).to.equal(429);
    expect(saves).to.equal(DEFAULT_USER_BUDGETS.versionSaves.points);
  });

  it("limits collaboration tickets per user, so that a client closed for flooding cannot reconnect at once", async () => {
    const token = await server.login("redacteur@example.org");
    let status = 0;
    let tickets = 0;
    while ((status = (await server.api("POST", `/api/charters/${charterId}/collab-tickets`, { token })).status) == 201) tickets++;
    expect(status).to.equal(429);
    expect(tickets).to.equal(DEFAULT_USER_BUDGETS.collabTickets.points);
  });
});
