import { expect } from "chai";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { clauseText, collabTicket, connectClient, type TestClient } from "../helpers/collab.js";
import { rawExchange, statusLine, upgradeRequest } from "../helpers/rawHttp.js";
import { MAX_MESSAGE_BYTES } from "../../server/shared/collab.js";

// Anyone, with no account, can send an upgrade request and then any bytes: each
// case below once ended the process (an `error` event with no listener on a
// refused WebSocket, a request target the URL parser throws on), or reached a
// path the balancer's rules did not see.

/** A client frame (masked, as clients must) with `opcode` and a declared payload length (the payload itself is not sent). */
function clientFrameHeader(opcode: number, declaredLength: number): Buffer {
  if (declaredLength < 126) return Buffer.from([0x80 | opcode, 0x80 | declaredLength, 0, 0, 0, 0]);
  const header = Buffer.alloc(14);
  header[0] = 0x80 | opcode;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(declaredLength), 2);
  return header;
}

for (const kind of databaseKinds()) describe(`collaboration upgrades on ${kind.name}: hostile requests end only themselves`, function () {
  this.timeout(30000);
  let server: TestServer;
  let charterId: string;
  let token: string;
  const clients: TestClient[] = [];

  before(async () => {
    server = await startTestServer({ database: kind });
    charterId = await demoCharterId(server);
    token = await server.login("redacteur@example.org");
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  after(async () => {
    await server.close();
  });

  /** The server still serves: the API answers and an editor's edit is stored. */
  const stillServes = async (marker: string) => {
    expect((await server.api("GET", "/api/health")).status).to.equal(200);
    const editor = await connectClient(server, charterId, token);
    clients.push(editor);
    clauseText(editor.doc).insert(0, marker);
    await editor.stored();
  };

  it("survives a malformed frame sent after an upgrade refused for want of a ticket (reserved opcode, reserved bits, over the size limit)", async () => {
    const frames = [
      clientFrameHeader(0x3, 0), // reserved opcode
      Buffer.from([0xc2, 0x80, 0, 0, 0, 0]), // RSV1 without compression
      clientFrameHeader(0x2, 4 * MAX_MESSAGE_BYTES + 1), // over maxPayload
    ];
    for (const frame of frames) {
      const answer = await rawExchange(server.port, Buffer.concat([Buffer.from(upgradeRequest(`/collab/${charterId}`)), frame]), 1000);
      expect(statusLine(answer)).to.equal("HTTP/1.1 101 Switching Protocols");
    }
    await stillServes("après les trames ");
  });

  it("survives a malformed frame on a connection it serves, and on one it closes for an unknown charter", async () => {
    const ticket = await collabTicket(server, charterId, token);
    const served = await rawExchange(server.port, Buffer.concat([Buffer.from(upgradeRequest(`/collab/${charterId}?ticket=${ticket}`)), clientFrameHeader(0x3, 0)]), 1000);
    expect(statusLine(served)).to.equal("HTTP/1.1 101 Switching Protocols");
    const unknown = await rawExchange(server.port, Buffer.concat([Buffer.from(upgradeRequest(`/collab/00000000-0000-4000-8000-000000000000?ticket=${await collabTicket(server, charterId, token)}`)), clientFrameHeader(0x3, 0)]), 1000);
    expect(statusLine(unknown)).to.equal("HTTP/1.1 101 Switching Protocols");
    await stillServes("après la connexion servie ");
  });

  it("answers 400 to request targets the URL parser would rewrite or throws on, and 404 to other paths", async () => {
    for (const target of ["//", "//[", "/\\\\x", `/x/../collab/${charterId}`, `/collab/%2e%2e/collab/${charterId}`, "/x/../internal/collab/abc/link", "/x/%2e%2e/internal/collab/abc/link", "*"]) {
      expect(statusLine(await rawExchange(server.port, upgradeRequest(target))), target).to.equal("HTTP/1.1 400 Bad Request");
    }
    expect(statusLine(await rawExchange(server.port, upgradeRequest("/autre/chose")))).to.equal("HTTP/1.1 404 Not Found");
    await stillServes("après les chemins ");
  });
});
