// One observer of the collaboration benchmarks, in a process of its own
// (forked by `observers.ts`), as each client is on a machine of its own: in
// the load generator's process, an observer's message would wait behind the
// other observers' handling and the hundreds of editors' copies of the same
// broadcast that this process would read too — a delay of the measuring,
// not of the servers.
import * as Y from "yjs";
import { RawClient } from "./rawClient.js";
import type { ObserverReport, ToObserver } from "./observers.js";

let observer: RawClient | null = null;
/** Each update the observer got: when (`monotonicMs`), and its per-client clock ranges. */
const arrivals: ObserverReport["arrivals"] = [];

// Its parent gone (ended, or crashed), the observer goes too.
process.on("disconnect", () => process.exit(0));

process.on("message", async (message: ToObserver) => {
  try {
    if (message.type == "connect") {
      const o = new RawClient(message.url, true, message.seed ? Buffer.from(message.seed, "base64") : undefined);
      observer = o;
      await o.ready();
      o.onUpdate = (meta, at) => arrivals.push([at, [...meta.to].map(([client, to]) => [client, meta.from.get(client) ?? 0, to])]);
      return send({ type: "ready" });
    }
    const doc = observer!.doc;
    const report: ObserverReport = {
      type: "report", arrivals,
      stateVector: Buffer.from(Y.encodeStateVector(doc)).toString("base64"), content: doc.getXmlFragment("prosemirror").toString(),
    };
    observer!.close();
    send(report);
  } catch (err) {
    send({ type: "error", message: (err as Error).message });
  }
});

function send(message: object): void {
  process.send!(message);
}
