import { expect } from "chai";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startCluster, clusterDatabaseAvailable, printLogsOnFailure, type Cluster } from "../helpers/cluster.js";
import { startHaproxy, type Haproxy } from "../helpers/haproxy.js";
import type { Backend } from "../helpers/hashingForwarder.js";
import { apiAt, loginWith } from "../helpers/httpApi.js";
import { clauseText, connectClient, eventually, type CollabServer, type TestClient } from "../helpers/collab.js";
import { CLOSE_CODES } from "../../server/shared/collab.js";
import { rawExchange, statusLine, upgradeRequest } from "../helpers/rawHttp.js";

const EXAMPLE = fileURLToPath(new URL("../../server/cluster/haproxy.example.cfg", import.meta.url));

/** The README's example configuration, as kept in the repository, on this run's ports (and logging each request, to see where it went). */
function exampleConfig(port: number, backends: Backend[]): string {
  let config = readFileSync(EXAMPLE, "utf8").replace("bind :8080", `bind 127.0.0.1:${port}`).replace("local0 warning", "local0 info");
  backends.forEach((backend, i) => { config = config.replaceAll(`127.0.0.1:300${i + 1}`, `127.0.0.1:${backend.port}`); });
  return config;
}

/**
 * Issue 12: `server/cluster/haproxy.example.cfg`, run with Debian's HAProxy in
 * front of three instances. Each charter's REST calls and WebSocket reach one
 * instance, the one that then owns it (no forwarding needed); a stopped
 * instance's client comes back through HAProxy to another instance.
 */
if (clusterDatabaseAvailable()) describe("the example HAProxy configuration", function () {
  this.timeout(180000);
  let cluster: Cluster | undefined;
  let haproxy: Haproxy | null = null;
  const clients: TestClient[] = [];
  afterEach(printLogsOnFailure(() => cluster));
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await haproxy?.stop();
    haproxy = null;
    await cluster?.stop();
    cluster = undefined;
  });

  it("routes each charter to one instance, its owner, and moves it when that instance stops", async () => {
    cluster = await startCluster({ instances: 3 });
    haproxy = await startHaproxy(cluster.instances.map((x, i) => ({ name: `charte${i + 1}`, port: x.port })), exampleConfig);
    const through: CollabServer = { api: apiAt(haproxy.url), wsUrl: haproxy.wsUrl };
    const pilot = await loginWith(through.api, "pilote@example.org");
    const charterIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const made = await through.api("POST", "/api/charters", { token: pilot, body: { title: `Charte ${i}`, template: "charte-departementale", departmentCode: "49", signatoryIds: [] } });
      expect(made.status).to.equal(201);
      charterIds.push(made.body.charter.id);
    }
    for (const charterId of charterIds) {
      const client = await connectClient(through, charterId, pilot);
      clients.push(client);
      clauseText(client.doc).insert(0, "Par HAProxy ");
      await client.stored();
      const document = (await through.api("GET", `/api/charters/${charterId}/document`, { token: pilot })).body.document;
      const clauseId = JSON.stringify(document).match(/"id":"(cl-[^"]+)"/)![1];
      expect((await through.api("POST", `/api/charters/${charterId}/comments`, { token: pilot, body: { clauseId, body: "Un avis" } })).status).to.equal(201);
      await eventually(() => client.changes.includes("comments"), 10000, "comment announced");
    }
    // The instances' own paths answer at their internal addresses, never through the balancer.
    const internalPath = `/internal/collab/${charterIds[0]}/changes`;
    expect((await fetch(`${haproxy.url}${internalPath}`, { method: "POST" })).status).to.equal(404);
    expect((await fetch(`${cluster.instances[0].url}${internalPath}`, { method: "POST" })).status).to.equal(403);
    // Dot segments pass HAProxy's rule as they are; the instance refuses a path it would have to rewrite (400), before any link code.
    for (const disguised of [`/x/../internal/collab/${charterIds[0]}/link`, `/x/%2e%2e/internal/collab/${charterIds[0]}/link`])
      expect(statusLine(await rawExchange(haproxy.port, upgradeRequest(disguised))), disguised).to.equal("HTTP/1.1 400 Bad Request");
    // Nobody logged in: an upgrade refused for want of a ticket, then a frame with a reserved opcode, on each instance in turn. Each survives.
    for (let i = 0; i < 6; i++) await rawExchange(haproxy.port, Buffer.concat([Buffer.from(upgradeRequest(`/collab/c${i}`)), Buffer.from([0x83, 0x80, 0, 0, 0, 0])]), 1000);
    expect(cluster.instances.map((x) => x.running), "instances still running").to.deep.equal([true, true, true]);

    // Where HAProxy sent each charter's requests (its log), and who owns each charter (the lease table).
    const routed = new Map<string, Set<string>>();
    for (const match of haproxy.output().matchAll(/ by_charter\/(charte\d) .*"(?:GET|POST) \/(?:collab|api\/charters)\/([0-9a-f-]{36})/g))
      routed.set(match[2], (routed.get(match[2]) ?? new Set()).add(match[1]));
    const owners = await leaseHolders(cluster, charterIds);
    for (const charterId of charterIds) {
      expect([...(routed.get(charterId) ?? [])], `instances serving ${charterId}`).to.have.length(1);
      const server = [...routed.get(charterId)!][0];
      expect(owners.get(charterId), "the owner is the instance HAProxy chose").to.equal(`charte-${server.slice(-1)}`);
    }

    // The instance of the first charter stops (a deploy): its client comes back through HAProxy to another one.
    const [first] = charterIds;
    const stopping = cluster.instances.find((x) => x.id == owners.get(first))!;
    const client = clients[0];
    expect(await stopping.terminate()).to.equal(0);
    expect(await client.closed).to.equal(CLOSE_CODES.serviceRestart);
    await eventually(() => client.provider.wsconnected && client.provider.synced, 20000, "reconnected through HAProxy");
    clauseText(client.doc).insert(0, "Après l'arrêt ");
    await client.stored();
    const moved = (await leaseHolders(cluster, [first])).get(first);
    expect(moved).to.be.a("string").and.not.equal(stopping.id);
    // HAProxy's health check may log it after the client has already moved: wait for the line, not expect it at once.
    const down = new RegExp(`Server by_charter/charte${stopping.id.slice(-1)} is DOWN`);
    await eventually(() => down.test(haproxy!.output()), 15000, "HAProxy marks the stopped instance down");
  });
});

async function leaseHolders(cluster: Cluster, charterIds: string[]): Promise<Map<string, string>> {
  const { default: knex } = await import("knex");
  const db = knex({ client: "pg", connection: cluster.database.databaseUrl! });
  try {
    const rows = await db("charter_leases").whereIn("charter_id", charterIds).select("charter_id", "instance_id");
    return new Map(rows.map((r) => [r.charter_id, r.instance_id]));
  } finally {
    await db.destroy();
  }
}
