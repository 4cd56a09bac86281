import { expect } from "chai";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { sendFramed } from "../../server/collab/framedSend.js";

/** Real ws server and clients on loopback: what `sendFramed` writes must read as the frames ws would have sent. */
describe("sendFramed (one ready-made frame per message)", function () {
  this.timeout(10000);
  let wss: WebSocketServer;
  const clients: WebSocket[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });

  /** A server with `perMessageDeflate`, and `count` clients connected to it: their server-side sockets, and what each client receives. */
  async function connect(count: number, perMessageDeflate = false) {
    wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate });
    await once(wss, "listening");
    const port = (wss.address() as AddressInfo).port;
    const serverSide: WebSocket[] = [];
    wss.on("connection", (ws) => serverSide.push(ws));
    const received: Buffer[][] = [];
    for (let i = 0; i < count; i++) {
      const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate });
      clients.push(client);
      const got: Buffer[] = [];
      received.push(got);
      client.on("message", (data: Buffer, isBinary: boolean) => got.push(isBinary ? Buffer.from(data) : Buffer.from(`text:${data}`)));
      await once(client, "open");
    }
    while (serverSide.length < count) await new Promise((r) => setTimeout(r, 5));
    return { serverSide, received };
  }
  const until = async (done: () => boolean) => { while (!done()) await new Promise((r) => setTimeout(r, 5)); };
  const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

  it("delivers messages of every length form (7-bit, 16-bit, 64-bit), as Uint8Array views or Buffers, the same object to many sockets", async () => {
    const { serverSide, received } = await connect(3);
    const backing = bytes(1000, 7);
    const messages = [bytes(1, 1), bytes(125, 2), bytes(126, 3), bytes(300, 4), bytes(65535, 5), bytes(65536, 6), bytes(200_000, 8), backing.subarray(10, 500), Buffer.from(bytes(50, 9))];
    for (const message of messages) for (const ws of serverSide) sendFramed(ws, message);
    await until(() => received.every((got) => got.length == messages.length));
    for (const got of received) expect(got.map((b) => b.toString("hex"))).to.deep.equal(messages.map((m) => Buffer.from(m).toString("hex")));
  });

  it("keeps the order with ws's own frames (text, ping), and calls back once written", async () => {
    const { serverSide, received } = await connect(1);
    const [ws] = serverSide;
    let called = 0;
    sendFramed(ws, bytes(10, 1), (err) => { expect(err).to.equal(undefined); called++; });
    ws.send("entre-deux");
    ws.ping();
    sendFramed(ws, bytes(20, 2), () => called++);
    await until(() => received[0].length == 3 && called == 2);
    expect(received[0].map((b) => b.toString("hex"))).to.deep.equal([Buffer.from(bytes(10, 1)).toString("hex"), Buffer.from("text:entre-deux").toString("hex"), Buffer.from(bytes(20, 2)).toString("hex")]);
  });

  it("leaves compressed sockets and closed ones to ws (compressed frames arrive; nothing is written after a close)", async () => {
    const { serverSide, received } = await connect(1, true);
    const [ws] = serverSide;
    expect(ws.extensions).to.not.equal("");
    sendFramed(ws, bytes(2000, 3));
    await until(() => received[0].length == 1);
    expect(received[0][0].toString("hex")).to.equal(Buffer.from(bytes(2000, 3)).toString("hex"));
    const clientClosed = once(clients[0], "close");
    ws.close(1000);
    let error: Error | undefined;
    sendFramed(ws, bytes(10, 4), (err) => { error = err; });
    await until(() => error !== undefined);
    expect(error).to.be.an("error");
    await clientClosed;
    expect(received[0]).to.have.length(1);
  });
});
