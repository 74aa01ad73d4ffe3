// Public types of the lab engine: one in-memory DuckDB database per learner's dataset.

// the result shapes are the workspace's too: one definition, in lib/lab/types.ts
import type { Column, ExploreFilters, ExploreResult, QueryResult } from "@/lib/lab/types";
export type { Cell, Column, ExploreFilters, ExploreResult, Facet, LogRow, QueryResult } from "@/lib/lab/types";

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
  query(sql: string, opts?: { timeoutMs?: number; maxRows?: number }): Promise<QueryResult>;
  /** ids in the `id` column of a learner's query result, all rows (capped at 1,000,000), for grading a detection task */
  queryIds(sql: string, opts?: { timeoutMs?: number }): Promise<number[]>;
  explore(filters: ExploreFilters, page: { offset: number; limit: number }, opts?: { facets?: boolean; histogram?: boolean }): Promise<ExploreResult>;
  close(): Promise<void>;
}

export const QUERY_LIMITS = {
  maxSqlBytes: 20480,
  timeoutMs: 3000,
  maxRows: 1000,
  /** a longer text cell is cut inside the engine, before it is converted or serialised */
  maxCellChars: 10_000,
  /** the rows of one answer stop here (UTF-16 bytes of text, 8 per other value) */
  maxResultBytes: 4 * 2 ** 20,
  /** working memory a query may use on top of the loaded table (see load.ts) */
  memoryLimit: "256MB",
} as const;

/** queryIds stops collecting here: far above any real detection, low enough to bound memory */
export const MAX_IDS = 1_000_000;
