import { createServer, type Server } from "node:http";
import type { Services } from "./services.js";
import { createApp } from "./http/app.js";
import { CollabHub, type HubOptions } from "./collab/hub.js";

/** The HTTP server: REST API and client, and the collaboration WebSocket on `/collab/:charterId`. */
export function createCharteServer(services: Services, hubOptions: Partial<HubOptions> = {}): { server: Server; hub: CollabHub } {
  const hub = new CollabHub(services, hubOptions);
  services.liveDocuments = hub;
  const app = createApp(services);
  // Requests between instances (changes for the charters one owns) are the hub's; everything else is the app's.
  const server = createServer((req, res) => { if (!hub.handleInternalRequest(req, res)) app(req, res); });
  hub.attach(server);
  return { server, hub };
}

/** Starts listening; resolves with the port actually bound (useful with port 0). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address == "object" && address ? address.port : port);
    });
  });
}
