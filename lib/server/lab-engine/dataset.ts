// One learner's dataset: its own read-only DuckDB instance over its own file, with two connections,
// one for the learner's SQL and one for the explorer, so a slow query of theirs does not freeze the
// log view. Each runs one thing at a time; DuckDB is limited to one thread per instance because
// many learners share the cores. An instance of its own per learner means that no query, however
// it got past the sandbox, can name another learner's data: it is not in the instance.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LogEvent } from "@/lib/labgen";
import { eventContext } from "./event";
import { runIds, runQuery } from "./execute";
import { explore } from "./explore";
import { runExport } from "./export";
import { classify } from "./guard";
import { buildDatasetFile, openDatabase } from "./load";
import type { EncodedEvents } from "./encode";
import { ConnectionSlot } from "./slot";
import {
  QUERY_LIMITS,
  type Column,
  type EventContext,
  type ExploreFilters,
  type ExploreResult,
  type ExportOptions,
  type ExportSink,
  type LabDataset,
  type QueryResult,
} from "./types";
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

  query(sql: string, opts: { timeoutMs?: number; maxRows?: number; offset?: number } = {}): Promise<QueryResult> {
    this.hooks.onUse?.();
    const maxRows = Math.max(0, Math.floor(opts.maxRows ?? QUERY_LIMITS.maxRows));
    const offset = Math.max(0, Math.floor(opts.offset ?? 0));
    return runQuery(this.learner, sql, opts.timeoutMs ?? QUERY_LIMITS.timeoutMs, maxRows, offset);
  }

  exportRows(sql: string, opts: ExportOptions, sink: ExportSink): Promise<number> {
    this.hooks.onUse?.();
    return runExport(this.learner, sql, opts, sink);
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

  /** On the explorer's connection, with its time limit: the detail view is part of the log view. */
  context(id: number, around: { before: number; after: number }): Promise<EventContext | null> {
    this.hooks.onUse?.();
    return this.explorer.run(EXPLORE_TIMEOUT_MS, async (conn, state) => {
      try {
        return await eventContext(conn, id, around);
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

/** Opens a dataset file built by buildDatasetFile; `onClose` runs after the instance is closed. */
export async function openDataset(key: string, file: string, hooks: DatasetHooks & { onClose?: () => void } = {}): Promise<LabDataset> {
  const started = performance.now();
  const db = await openDatabase(file);
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
    const closeInstance = () => {
      db.instance.closeSync();
      hooks.onClose?.();
    };
    return new DuckDBLabDataset(key, Number(count), loadMs, range, columns, learner, explorer, closeInstance, hooks);
  } catch (err) {
    db.conn.closeSync();
    db.instance.closeSync();
    throw err;
  }
}

/** A dataset from events in hand (tests, benches): built into a temporary file, removed on close. */
export async function createDataset(key: string, events: readonly LogEvent[] | EncodedEvents, hooks: DatasetHooks = {}): Promise<LabDataset> {
  const started = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watchfloor-dataset-"));
  const file = path.join(dir, "logs.duckdb");
  try {
    await buildDatasetFile(file, events);
    const dataset = await openDataset(key, file, { ...hooks, onClose: () => fs.rmSync(dir, { recursive: true, force: true }) });
    return Object.assign(dataset, { loadMs: performance.now() - started });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
