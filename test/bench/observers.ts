import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export type ToObserver = { type: "connect"; url: string; seed: string | null } | { type: "report" };

export interface ObserverReport {
  type: "report";
  /** [time in `monotonicMs`, [client, first clock, clock after the last] of each client in the update] */
  arrivals: [number, [number, number, number][]][];
  /** The observer's document at the end: its state vector (base64) and content. */
  stateVector: string;
  content: string;
}

/** How long an observer may take to sync or to report. */
const ASK_TIMEOUT_MS = 60_000;

type FromObserver = { type: "ready" } | ObserverReport | { type: "error"; message: string };

/**
 * An observer that times each edit's arrival, in a child process of its own
 * (see `observerProcess.ts`); the times are on the machine-wide monotonic clock.
 */
export class ObserverProcess {
  private child: ChildProcess;
  private exited: Promise<void>;

  private constructor() {
    // Forked with this process's loader (tsx): the child runs TypeScript too.
    this.child = fork(fileURLToPath(new URL("./observerProcess.ts", import.meta.url)), { stdio: "inherit" });
    this.exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Connects an observer and waits until it has synced (bringing `seed`, if any, to the server). */
  static async connect(url: string, seed: Uint8Array | null): Promise<ObserverProcess> {
    const observer = new ObserverProcess();
    try {
      await observer.ask({ type: "connect", url, seed: seed ? Buffer.from(seed).toString("base64") : null }, "ready");
    } catch (err) {
      observer.kill();
      throw err;
    }
    return observer;
  }

  /** Ends the process if it still runs (after an error: `report` ends it otherwise). */
  kill(): void {
    if (this.child.exitCode == null && this.child.signalCode == null) this.child.kill();
  }

  /** What the observer got, and its document; then it disconnects and the process ends. */
  async report(): Promise<ObserverReport> {
    const report = (await this.ask({ type: "report" }, "report")) as ObserverReport;
    this.child.disconnect();
    await this.exited;
    return report;
  }

  private ask(message: ToObserver, answer: string): Promise<FromObserver> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.off("message", onMessage);
        this.child.off("exit", onExit);
        reject(new Error(`The observer did not answer ${message.type} within ${ASK_TIMEOUT_MS / 1000} s`));
      }, ASK_TIMEOUT_MS);
      const onMessage = (reply: FromObserver) => {
        clearTimeout(timer);
        this.child.off("exit", onExit);
        if (reply.type == "error") reject(new Error(`Observer: ${reply.message}`));
        else if (reply.type != answer) reject(new Error(`Observer answered ${reply.type}, not ${answer}`));
        else resolve(reply);
      };
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        this.child.off("message", onMessage);
        reject(new Error(`The observer's process ended (${code})`));
      };
      this.child.once("message", onMessage);
      this.child.once("exit", onExit);
      this.child.send(message);
    });
  }
}
