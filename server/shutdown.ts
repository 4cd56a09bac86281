import type { Server } from "node:http";
import type { Knex } from "knex";
import type { CollabHub } from "./collab/hub.js";

/** What a running Charte is made of, stopped in this order. */
export interface RunningCharte {
  server: Server;
  hub: CollabHub;
  bus: { close(): Promise<void> } | null;
  db: Knex;
}

/**
 * Stops a running Charte for a deploy or a restart, losing nothing:
 * no new connection (HTTP or WebSocket) is accepted; every collaboration
 * socket is closed with 1012 once what it sent is stored, and the hub
 * releases its charters (other instances take them at once); requests under
 * way get their answer (their connection then closes); then the event bus
 * and the database. Past `boundMs`, connections still open are cut (requests
 * under way then get no answer; nothing acknowledged is lost, it is stored).
 */
export async function stopGracefully(charte: RunningCharte, boundMs: number): Promise<void> {
  const { server, hub, bus, db } = charte;
  const deadline = Date.now() + boundMs;
  // Requests still arriving on kept-alive connections are answered, then their connection closes.
  server.prependListener("request", (_req, res) => res.setHeader("Connection", "close"));
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await hub.close();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now() - 500)))]);
  clearInterval(sweep);
  server.closeAllConnections();
  await bus?.close();
  await db.destroy();
}
