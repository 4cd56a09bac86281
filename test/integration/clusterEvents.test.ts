import { expect } from "chai";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { addUser, demoCharterId, freshCharter } from "../helpers/fixtures.js";
import { connectClient, eventually, type TestClient } from "../helpers/collab.js";
import { CHANGE_TOPICS, CLOSE_CODES } from "../../server/shared/collab.js";
import { EVENT_CHANNEL } from "../../server/cluster/eventBus.js";

/**
 * Issue 12: two instances on one PostgreSQL database. What a command does
 * through one (a comment, a member removed, a logout, a deletion) reaches the
 * clients connected to the other, through NOTIFY sent in the command's
 * transaction; a lost listening connection comes back and refreshes.
 * The periodic permission check is slowed to a minute, so that only the
 * events can explain what the clients see.
 */
for (const kind of databaseKinds().filter((k) => k.name == "postgresql")) describe(`events across instances on ${kind.name}`, function () {
  this.timeout(60000);
  const hub = { recheckIntervalMs: 60000 };
  let a: TestServer;
  let b: TestServer;
  let charterId: string;
  let clients: TestClient[];
  const connectTo = async (server: TestServer, token: string) => {
    const client = await connectClient(server, charterId, token);
    clients.push(client);
    return client;
  };
  const clauseIdOf = async (token: string) => {
    const document = (await b.api("GET", `/api/charters/${charterId}/document`, { token })).body.document;
    return JSON.stringify(document).match(/"id":"(cl-[^"]+)"/)![1];
  };
  const comment = async (server: TestServer, token: string, clauseId: string, body: string) =>
    expect((await server.api("POST", `/api/charters/${charterId}/comments`, { token, body: { clauseId, body } })).status).to.equal(201);

  beforeEach(async () => {
    a = await startTestServer({ database: kind, hub });
    b = await startTestServer({ shareDatabaseWith: a, hub, bus: { reconnectMinMs: 50, reconnectMaxMs: 200 } });
    charterId = await demoCharterId(a);
    clients = [];
  });
  afterEach(async () => {
    for (const client of clients) client.destroy();
    await b.close();
    await a.close();
  });

  it("announces a comment posted through B to a client of A, and once to a client of B", async () => {
    const pilot = await b.login("pilote@example.org");
    const onA = await connectTo(a, await a.login("redacteur@example.org"));
    const onB = await connectTo(b, await b.login("lecteur@example.org"));
    await comment(b, pilot, await clauseIdOf(pilot), "Un avis venu de B.");
    await eventually(() => onA.changes.includes("comments") && onB.changes.includes("comments"), 5000, "announced on both");
    // Room for a duplicate to arrive (B's own notification comes back to it, and must be ignored).
    await new Promise((r) => setTimeout(r, 300));
    expect(onA.changes).to.deep.equal(["comments"]);
    expect(onB.changes).to.deep.equal(["comments"]);
  });

  it("drops A's connection of a member removed through B", async () => {
    const member = await addUser(a, { charterId, role: "editor" });
    const onA = await connectTo(a, await a.login(member.email));
    const started = Date.now();
    expect((await b.api("DELETE", `/api/charters/${charterId}/members/${member.id}`, { token: await b.login("pilote@example.org") })).status).to.equal(204);
    expect(await onA.closed).to.equal(CLOSE_CODES.forbidden);
    expect(Date.now() - started).to.be.below(3000);
  });

  it("closes A's sockets of a session logged out through B, and only those", async () => {
    const token = await a.login("redacteur@example.org");
    const first = await connectTo(a, token);
    const second = await connectTo(a, token);
    const other = await connectTo(a, await a.login("redacteur@example.org"));
    const started = Date.now();
    expect((await b.api("POST", "/api/auth/logout", { token })).status).to.equal(204);
    expect(await first.closed).to.equal(CLOSE_CODES.unauthorized);
    expect(await second.closed).to.equal(CLOSE_CODES.unauthorized);
    expect(Date.now() - started).to.be.below(3000);
    expect(other.provider.wsconnected).to.equal(true);
  });

  it("closes A's connections to a charter deleted through B (4404), and its room there is dropped", async () => {
    charterId = await freshCharter(a);
    const editor = await a.login("redacteur@example.org");
    const onA = await connectTo(a, editor);
    expect(a.hub.loadedCharters).to.include(charterId);
    expect((await b.api("DELETE", `/api/charters/${charterId}`, { token: await b.login("pilote@example.org") })).status).to.equal(200);
    expect(await onA.closed).to.equal(CLOSE_CODES.notFound);
    expect(a.hub.loadedCharters).to.not.include(charterId);
    expect(await a.services.db("charters").where({ id: charterId }).first()).to.equal(undefined);
  });

  it("sends nothing for a command that fails (its transaction rolled back)", async () => {
    const onA = await connectTo(a, await a.login("redacteur@example.org"));
    const pilot = await b.login("pilote@example.org");
    const self = (await b.api("GET", "/api/auth/me", { token: pilot })).body.user.id;
    const heard: string[] = [];
    a.services.events.on("membership-changed", () => heard.push("membership-changed"));
    // The last pilot cannot be removed: the command throws inside its transaction.
    expect((await b.api("DELETE", `/api/charters/${charterId}/members/${self}`, { token: pilot })).status).to.equal(409);
    await comment(b, pilot, await clauseIdOf(pilot), "Après l'échec.");
    await eventually(() => onA.changes.includes("comments"), 5000, "the next event");
    expect(heard).to.deep.equal([]);
  });

  it("carries an event announced after its commit (emit, outside the transaction) as well", async () => {
    const onA = await connectTo(a, await a.login("redacteur@example.org"));
    b.services.events.emit("topic-changed", { charterId, topic: "versions" });
    await eventually(() => onA.changes.includes("versions"), 5000, "announced on A");
  });

  it("listens again after its connection is killed, refreshes every room, and hears later events", async () => {
    const member = await addUser(a, { charterId, role: "editor" });
    const removed = await connectTo(a, await a.login(member.email));
    const staying = await connectTo(a, await a.login("redacteur@example.org"));
    // Removed behind the servers' back: no event says so; only the refresh after reconnecting finds it.
    await a.services.db("memberships").where({ charter_id: charterId, user_id: member.id }).delete();
    const pid = a.bus!.backendPid!;
    const [{ terminated }] = (await b.services.db.raw("select pg_terminate_backend(?) as terminated", [pid])).rows;
    expect(terminated).to.equal(true);
    expect(await removed.closed).to.equal(CLOSE_CODES.forbidden);
    await eventually(() => CHANGE_TOPICS.every((t) => staying.changes.includes(t)), 5000, "every topic announced");
    expect(a.bus!.backendPid).to.be.a("number").and.not.equal(pid);
    const listening = await b.services.db.raw("select count(*)::int as n from pg_stat_activity where pid = ? and query ilike ?", [a.bus!.backendPid, `%LISTEN ${EVENT_CHANNEL}%`]);
    expect(listening.rows[0].n, "the new connection listens").to.equal(1);

    staying.changes.length = 0;
    const pilot = await b.login("pilote@example.org");
    await comment(b, pilot, await clauseIdOf(pilot), "Après la reconnexion.");
    await eventually(() => staying.changes.includes("comments"), 5000, "a later event");
    expect(staying.changes).to.deep.equal(["comments"]);
  });
});

for (const kind of databaseKinds().filter((k) => k.name == "postgresql")) describe(`the listening connection of a stalled instance on ${kind.name}`, function () {
  this.timeout(30000);
  it("is ended by PostgreSQL after three missed heartbeats (a stopped instance must not hold the notification queue back), then comes back", async () => {
    const a = await startTestServer({ database: kind, bus: { heartbeatMs: 200, reconnectMinMs: 50, reconnectMaxMs: 200 } });
    try {
      const before = a.bus!.backendPid;
      // As SIGSTOP would: nothing runs in this process for twice the idle timeout (3 × 200 ms).
      const until = Date.now() + 1200;
      while (Date.now() < until);
      const alive = await a.services.db.raw("select count(*)::int as n from pg_stat_activity where pid = ?", [before]);
      expect(alive.rows[0].n, "the stalled session was ended").to.equal(0);
      await eventually(() => a.bus!.backendPid != null && a.bus!.backendPid != before, 5000, "listening again");
    } finally {
      await a.close();
    }
  });
});
