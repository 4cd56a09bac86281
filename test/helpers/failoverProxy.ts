import { createServer, connect, type Server, type Socket } from "node:net";
import type { TestServer } from "./testServer.js";
import { apiAt } from "./httpApi.js";

/**
 * A load balancer as small as it gets, for failover tests: each new TCP
 * connection goes to the first backend, in order, that is not marked down and
 * accepts it (a crashed one refuses at once, as a health check would find).
 * Existing connections are left as they are. `down` stands for a health
 * check that sees a hung backend.
 */
export class FailoverProxy {
  readonly down = new Set<number>();
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;

  constructor(public backends: number[]) {}

  async listen(): Promise<this> {
    this.server = createServer((client) => this.route(client));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** What a client is given: the API and the WebSocket base, both through this proxy. */
  get endpoint(): Pick<TestServer, "api" | "wsUrl" | "url"> {
    const url = `http://127.0.0.1:${this.port}`;
    return { url, wsUrl: url.replace(/^http/, "ws"), api: apiAt(url) };
  }

  private route(client: Socket): void {
    this.sockets.add(client);
    client.on("close", () => this.sockets.delete(client));
    client.on("error", () => client.destroy());
    client.pause();
    const candidates = this.backends.filter((port) => !this.down.has(port));
    const attempt = (i: number) => {
      if (i >= candidates.length) return void client.destroy();
      const upstream = connect(candidates[i], "127.0.0.1");
      let connected = false;
      upstream.on("error", () => {
        if (!connected) return attempt(i + 1);
        upstream.destroy();
      });
      upstream.once("connect", () => {
        connected = true;
        this.sockets.add(upstream);
        upstream.on("close", () => { this.sockets.delete(upstream); client.destroy(); });
        client.on("close", () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    attempt(0);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
