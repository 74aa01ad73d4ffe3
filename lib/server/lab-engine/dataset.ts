// One learner's dataset: its own DuckDB instance with two connections, one for the learner's SQL and
// one for the explorer, so a slow query of theirs does not freeze the log view. Each runs one thing
// at a time; DuckDB is limited to one thread per instance because many learners share the cores.
import type { LogEvent } from "@/lib/labgen";
import { runIds, runQuery } from "./execute";
import { explore } from "./explore";
import { classify } from "./guard";
import { loadDatabase } from "./load";
import type { EncodedEvents } from "./encode";
import { ConnectionSlot } from "./slot";
import { QUERY_LIMITS, type Column, type ExploreFilters, type ExploreResult, type LabDataset, type QueryResult } from "./types";
import { toCell } from "./values";

// Explorer SQL is ours and cheap, but a text filter over a million events takes a while on one thread.
const EXPLORE_TIMEOUT_MS = 15_000;

export type DatasetHooks = { onUse?: () => void };

class DuckDBLabDataset implements LabDataset {
  private closing: Promise<void> | undefined;

  constructor(
    readonly key: string,
    readonly eventCount: number,
    readonly loadMs: number,
    readonly range: { from: string; to: string },
    private readonly columns: Column[],
    private readonly learner: ConnectionSlot,
    private readonly explorer: ConnectionSlot,
    private readonly closeInstance: () => void,
    private readonly hooks: DatasetHooks,
  ) {}

  schema(): Column[] {
    return this.columns.map((c) => ({ ...c }));
  }

  query(sql: string, opts: { timeoutMs?: number; maxRows?: number } = {}): Promise<QueryResult> {
    this.hooks.onUse?.();
    const maxRows = Math.max(0, Math.floor(opts.maxRows ?? QUERY_LIMITS.maxRows));
    return runQuery(this.learner, sql, opts.timeoutMs ?? QUERY_LIMITS.timeoutMs, maxRows);
  }

  queryIds(sql: string, opts: { timeoutMs?: number } = {}): Promise<number[]> {
    this.hooks.onUse?.();
    return runIds(this.learner, sql, opts.timeoutMs ?? QUERY_LIMITS.timeoutMs);
  }

  explore(filters: ExploreFilters, page: { offset: number; limit: number }, opts: { facets?: boolean; histogram?: boolean } = {}): Promise<ExploreResult> {
    this.hooks.onUse?.();
    return this.explorer.run(EXPLORE_TIMEOUT_MS, async (conn, state) => {
      try {
        return await explore(conn, this.range, filters, page, opts);
      } catch (err) {
        throw classify(err, "", state.timedOut, EXPLORE_TIMEOUT_MS);
      }
    });
  }

  close(): Promise<void> {
    this.closing ??= Promise.all([this.learner.close(), this.explorer.close()]).then(() => this.closeInstance());
    return this.closing;
  }
}

export async function createDataset(key: string, events: readonly LogEvent[] | EncodedEvents, hooks: DatasetHooks = {}): Promise<LabDataset> {
  const started = performance.now();
  const db = await loadDatabase(events);
  try {
    const reader = await db.conn.runAndReadAll("SELECT min(ts), max(ts), count(*) FROM logs");
    const [min, max, count] = reader.getRows()[0].map(toCell);
    const epoch = new Date(0).toISOString();
    const range = { from: typeof min === "string" ? min : epoch, to: typeof max === "string" ? max : epoch };
    const probe = await db.conn.prepare("SELECT * FROM logs LIMIT 0");
    const columns = Array.from({ length: probe.columnCount }, (_, i) => ({ name: probe.columnName(i), type: probe.columnType(i).toString() }));
    probe.destroySync();
    const learner = new ConnectionSlot(db.instance, db.conn);
    const explorer = new ConnectionSlot(db.instance, await db.instance.connect());
    const loadMs = performance.now() - started;
    return new DuckDBLabDataset(key, Number(count), loadMs, range, columns, learner, explorer, () => db.instance.closeSync(), hooks);
  } catch (err) {
    db.conn.closeSync();
    db.instance.closeSync();
    throw err;
  }
}
