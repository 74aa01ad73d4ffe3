// Public types of the lab engine: one in-memory DuckDB database per learner's dataset.

// the result shapes are the workspace's too: one definition, in lib/lab/types.ts
import { RESULT_PAGE_ROWS } from "@/lib/lab/limits";
import type { Column, EventContext, ExploreFilters, ExploreResult, QueryResult } from "@/lib/lab/types";
export { EXPORT_LIMITS, MAX_CONTEXT, MAX_QUERY_OFFSET } from "@/lib/lab/limits";
export type { Cell, Column, EventContext, EventDetail, ExploreFilters, ExploreResult, Facet, LogRow, QueryResult } from "@/lib/lab/types";

export type RejectKind = "empty" | "too_large" | "binary" | "multiple_statements" | "not_select" | "forbidden" | "syntax" | "timeout" | "memory" | "engine";

/** A learner's query was refused or failed; `message` is safe to show (no paths, no stack). */
export class QueryRejected extends Error {
  readonly kind: RejectKind;
  /** 0-based UTF-16 offset into the SQL when the engine reports one */
  readonly position?: number;

  constructor(kind: RejectKind, message: string, position?: number) {
    super(message);
    this.name = "QueryRejected";
    this.kind = kind;
    if (position !== undefined) this.position = position;
  }
}

/**
 * Datasets are shared through globalThis, and Next bundles a route handler and
 * a page with separate copies of this module: a dataset created by one throws
 * the other's QueryRejected. Recognise it by name and shape, not identity.
 */
export function isQueryRejected(err: unknown): err is QueryRejected {
  return err instanceof Error && err.name === "QueryRejected" && typeof (err as { kind?: unknown }).kind === "string";
}

export interface LabDataset {
  readonly key: string;
  readonly eventCount: number;
  readonly loadMs: number;
  /** min/max ts as ISO strings */
  readonly range: { from: string; to: string };
  schema(): Column[];
  /** `offset` skips that many rows of the result first: a later page of the same query */
  query(sql: string, opts?: { timeoutMs?: number; maxRows?: number; offset?: number }): Promise<QueryResult>;
  /** ids in the `id` column of a learner's query result, all rows (capped at 1,000,000), for grading a detection task */
  queryIds(sql: string, opts?: { timeoutMs?: number }): Promise<number[]>;
  explore(filters: ExploreFilters, page: { offset: number; limit: number }, opts?: { facets?: boolean; histogram?: boolean }): Promise<ExploreResult>;
  /** one event in full with its neighbours on the same host; null when there is no such id */
  context(id: number, around: { before: number; after: number }): Promise<EventContext | null>;
  /** the whole result of a learner's query, row by row, within EXPORT_LIMITS (export.ts) */
  exportRows(sql: string, opts: ExportOptions, sink: ExportSink): Promise<number>;
  close(): Promise<void>;
}

export const QUERY_LIMITS = {
  maxSqlBytes: 20480,
  timeoutMs: 3000,
  maxRows: RESULT_PAGE_ROWS,
  /** a longer text cell is cut inside the engine, before it is converted or serialised */
  maxCellChars: 10_000,
  /** the rows of one answer stop here (UTF-16 bytes of text, 8 per other value) */
  maxResultBytes: 4 * 2 ** 20,
  /** working memory a query may use on top of the loaded table (see load.ts) */
  memoryLimit: "256MB",
} as const;

export type ExportOptions = { timeoutMs: number; maxRows: number; maxBytes: number };
/** The first line of an export: its columns, its row count and the text its cells hold (UTF-8 bytes, as DuckDB prints them). */
export type ExportHeader = { columns: Column[]; totalCount: number; textBytes: number };
/** Where an export's lines go: `start` once the result is known to fit, then each chunk of lines as it is read. */
export type ExportSink = { start(header: ExportHeader): void; write(text: string): Promise<void>; readonly closed: boolean };

/** queryIds stops collecting here: far above any real detection, low enough to bound memory */
export const MAX_IDS = 1_000_000;
