import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { ForwardingLinks } from "../../server/collab/links/forwardingLinks.js";
import { freePort } from "../helpers/serverProcess.js";

/*
 * An owner whose address swallows connection attempts (a host gone, a
 * network split): its listening queue is full, so the TCP handshake never
 * completes. The forwarding instance's link to it must give up (here, as the
 * hub does, the client is then answered otherwise) rather than leave it hanging
 * with a socket nobody closes. A Python helper holds the full queue: Node
 * accepts every connection by itself. (Python is there: npm install builds sqlite3 with it.)
 */
describe("forwarding to an owner that never answers the handshake", function () {
  this.timeout(20000);
  let hole: ChildProcess;
  let server: Server;
  let client: Socket | null = null;

  before(async () => {
    const port = await freePort();
    hole = spawn("python3", ["-c", `
import socket, time, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", ${port})); s.listen(0)
fill = []
for i in range(4):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(("127.0.0.1", ${port}))
    except BlockingIOError: pass
    fill.append(c)
print("ready", flush=True)
time.sleep(60)
`], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => hole.stdout!.once("data", () => resolve()));
    (hole as ChildProcess & { port?: number }).port = port;
  });
  after(() => { hole.kill(); client?.destroy(); server?.close(); });

  it("gives up within its answer timeout and lets the hub answer the client", async () => {
    const links = new ForwardingLinks("secret", { maxBufferedBytes: 1 << 20, idleMs: 1000, maxLinkBufferedBytes: 1 << 24, pingIntervalMs: 30000 });
    const owner = `http://127.0.0.1:${(hole as ChildProcess & { port?: number }).port}`;
    let unreachableAfter: number | null = null;
    server = createServer();
    server.on("upgrade", (req, socket, head) => {
      const start = Date.now();
      void links.linkTo(owner, "c1").then((link) => {
        if (link) return;
        unreachableAfter = Date.now() - start;
        socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const answer = await new Promise<string>((resolve, reject) => {
      client = connect(port, "127.0.0.1", () => client!.write("GET /collab/c1 HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
      let text = "";
      client.on("data", (d) => (text += d));
      client.on("close", () => resolve(text));
      setTimeout(() => reject(new Error("the client is still waiting after 12 s")), 12000);
    });
    expect(answer).to.match(/^HTTP\/1.1 503/);
    expect(unreachableAfter).to.be.within(4000, 8000);
    links.close(1001, "Test over");
  });
});
