// One connection that runs one piece of work at a time, with a time limit.
// DuckDB runs each query on a libuv worker thread, so the Node event loop stays free while it works;
// connection.interrupt() stops it at the next check. A few functions never check (a single huge
// string, say): after a grace period the caller gets its timeout anyway and the slot moves to a fresh
// connection, closing the old one once the engine lets go of it.
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { TIMEOUT_MESSAGE } from "./guard";
import { QueryRejected } from "./types";

const GRACE_MS = 400;
const REPEAT_INTERRUPT_MS = 100;
// Connections still busy with abandoned work; past this, new work is refused rather than piling up threads.
const MAX_STUCK = 2;

export type RunState = { timedOut: boolean };

export class ConnectionSlot {
  private tail: Promise<unknown> = Promise.resolve();
  private stuck = 0;
  private readonly abandoned = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private conn: DuckDBConnection,
  ) {}

  /**
   * Queues fn behind earlier work on this slot. Its time limit counts from now, not from when its
   * turn comes: a query that waited behind the learner's previous one gets what is left of its limit
   * (the landed main restarted the clock, so a second query answered after twice the limit).
   */
  run<T>(timeoutMs: number, fn: (conn: DuckDBConnection, state: RunState) => Promise<T>): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    const turn = this.tail.then(() => this.exec(deadline, timeoutMs, fn));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async exec<T>(deadline: number, limitMs: number, fn: (conn: DuckDBConnection, state: RunState) => Promise<T>): Promise<T> {
    if (this.closed) throw new QueryRejected("engine", "The lab data was unloaded; run the query again.");
    if (this.stuck >= MAX_STUCK) throw new QueryRejected("timeout", "Earlier queries are still being stopped; try again in a few seconds.");
    const timeoutMs = Math.round(deadline - performance.now());
    if (timeoutMs <= 0)
      throw new QueryRejected("timeout", `${TIMEOUT_MESSAGE(limitMs).replace(/\.$/, "")}: it waited that long for your previous query to finish.`);
    const conn = this.conn;
    const state: RunState = { timedOut: false };
    let repeat: NodeJS.Timeout | undefined;
    const limit = setTimeout(() => {
      state.timedOut = true;
      conn.interrupt();
      // an interrupt that lands between two statements of fn is forgotten by the next one: keep sending
      repeat = setInterval(() => conn.interrupt(), REPEAT_INTERRUPT_MS);
    }, timeoutMs);
    const work = fn(conn, state);
    const stop = () => {
      clearTimeout(limit);
      clearInterval(repeat);
    };
    let grace: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      grace = setTimeout(() => resolve("late"), timeoutMs + GRACE_MS);
    });
    try {
      const first = await Promise.race([work.then((value) => ({ value })), late]);
      if (first !== "late") return first.value;
      await this.abandon(conn, work, stop);
      throw new QueryRejected("timeout", TIMEOUT_MESSAGE(limitMs));
    } finally {
      clearTimeout(grace);
      if (!this.abandoned.has(work)) stop();
    }
  }

  private async abandon(conn: DuckDBConnection, work: Promise<unknown>, stop: () => void): Promise<void> {
    this.stuck++;
    this.abandoned.add(work);
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    void settled.then(() => {
      stop();
      this.stuck--;
      this.abandoned.delete(work);
      conn.closeSync();
    });
    if (!this.closed) this.conn = await this.instance.connect();
  }

  /** Stops current work, waits for everything to let go, then closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    this.conn.interrupt();
    await this.tail;
    await Promise.allSettled([...this.abandoned]);
    this.conn.closeSync();
  }
}
