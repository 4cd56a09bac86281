import { createServer, type Server } from "node:http";
import type { Services } from "./services.js";
import { createApp } from "./http/app.js";

/** The HTTP server for the REST API and the client; the collaboration WebSocket joins it later. */
export function createCharteServer(services: Services): Server {
  return createServer(createApp(services));
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
