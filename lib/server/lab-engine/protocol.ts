// The lab engine's wire protocol: JSON over HTTP/1.1, one POST per call, a bearer token on every
// request. The web app is a client; the engine processes (started and supervised by the app, or
// run as their own service) are servers. Every request names the dataset by what it is made of —
// the lab, the learner's seed and the size — so any engine process can serve any learner: it opens
// the persisted file, or builds it first. Answers are the call's result, or
// `{ error: { kind, message, position? } }` with a status; `message` is always safe to show.
import { z } from "zod";
import { exploreFiltersSchema } from "@/lib/schemas/lab";
import type { GroundTruth } from "@/lib/labgen";
import type { DatasetMeta } from "./load";
import type { Column, ExploreResult, QueryResult, RejectKind } from "./types";

export const PROTOCOL_VERSION = "1";

const seed = z.string().regex(/^[0-9a-f]{8,64}$/, "a hex seed");
const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);

/** What a learner's dataset is made of: the generator is pure, so this is its identity. */
export const datasetSpecSchema = z.strictObject({ slug, seed, targetEvents: z.number().int().min(0).max(5_000_000) });
export type DatasetSpec = z.infer<typeof datasetSpecSchema>;

// Learner text is checked again here: the engine trusts no client more than the app trusts learners.
const sql = z.string().max(64 * 1024);

export const requestSchemas = {
  /** `wait: "truth"` answers as soon as the ground truth is known; the dataset keeps building. */
  prepare: z.strictObject({ spec: datasetSpecSchema, wait: z.enum(["truth", "dataset"]).default("dataset") }),
  query: z.strictObject({
    spec: datasetSpecSchema,
    sql,
    timeoutMs: z.number().int().min(1).max(60_000).optional(),
    maxRows: z.number().int().min(0).max(10_000).optional(),
  }),
  ids: z.strictObject({ spec: datasetSpecSchema, sql, timeoutMs: z.number().int().min(1).max(60_000).optional() }),
  explore: z.strictObject({
    spec: datasetSpecSchema,
    filters: exploreFiltersSchema,
    page: z.strictObject({ offset: z.number().int().min(0).max(5_000_000), limit: z.number().int().min(1).max(500) }),
    opts: z.strictObject({ facets: z.boolean().optional(), histogram: z.boolean().optional() }).default({}),
  }),
} as const;

export type Call = keyof typeof requestSchemas;
export type CallRequest<C extends Call> = z.input<(typeof requestSchemas)[C]>;

export type PrepareResult = { truth: GroundTruth; meta?: DatasetMeta & { schema: Column[] } };
export type CallResult = { prepare: PrepareResult; query: QueryResult; ids: { ids: number[] }; explore: ExploreResult };

export type EngineError = { kind: RejectKind | "bad_request" | "unauthorized" | "not_found"; message: string; position?: number };

export type EngineHealth = {
  protocol: string;
  pid: number;
  uptimeSeconds: number;
  datasetsOpen: number;
  preparing: number;
  inFlight: number;
  memory: { rssBytes: number; heapUsedBytes: number; capBytes: number | null };
};

/** Status of each refusal kind on the wire; the app passes the same statuses on to the learner. */
export const STATUS_OF: Record<EngineError["kind"], number> = {
  empty: 400,
  too_large: 400,
  binary: 400,
  multiple_statements: 400,
  not_select: 400,
  forbidden: 400,
  syntax: 400,
  timeout: 408,
  memory: 422,
  engine: 503,
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
};
