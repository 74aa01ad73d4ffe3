// The lab engine's wire protocol: JSON over HTTP/1.1, one POST per call, a bearer token on every
// request. The web app is a client; the engine processes (started and supervised by the app, or
// run as their own service) are servers. Every request names the dataset by what it is made of —
// the lab, the learner's seed and the size, or the sha256 of an uploaded dataset's canonical lines
// — so any engine process can serve any learner: it opens the persisted file, or builds it first
// (generated data), or answers `missing_data` until the app has pushed it with `/v1/load`
// (uploaded data: the engine has no database access). Answers are the call's result, or
// `{ error: { kind, message, position?, line? } }` with a status; `message` is always safe to show.
import { z } from "zod";
import { exploreFiltersSchema } from "@/lib/schemas/lab";
import type { GroundTruth } from "@/lib/labgen";
import type { DatasetMeta } from "./load";
import { EXPORT_LIMITS, MAX_CONTEXT, MAX_QUERY_OFFSET, type Column, type EventContext, type ExploreResult, type QueryResult, type RejectKind } from "./types";

export const PROTOCOL_VERSION = "1";

const seed = z.string().regex(/^[0-9a-f]{8,64}$/, "a hex seed");
const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);

/** What a learner's generated dataset is made of: the generator is pure, so this is its identity. */
export const generatedSpecSchema = z.strictObject({ slug, seed, targetEvents: z.number().int().min(0).max(5_000_000) });
/** An uploaded dataset: the hex sha256 of its canonical NDJSON (uncompressed), as the app computed it. */
export const uploadSpecSchema = z.strictObject({ upload: z.string().regex(/^[0-9a-f]{64}$/, "a lowercase hex sha256") });
/** Either kind; every call (prepare, query, ids, explore) accepts both. */
export const datasetSpecSchema = z.union([generatedSpecSchema, uploadSpecSchema]);

/** A generated dataset's spec (the name every generated-data caller already uses). */
export type DatasetSpec = z.infer<typeof generatedSpecSchema>;
export type GeneratedSpec = DatasetSpec;
export type UploadSpec = z.infer<typeof uploadSpecSchema>;
/** What the calls accept: a generated or an uploaded dataset. */
export type AnyDatasetSpec = z.infer<typeof datasetSpecSchema>;

export const isUploadSpec = (spec: AnyDatasetSpec): spec is UploadSpec => "upload" in spec;

// Learner text is checked again here: the engine trusts no client more than the app trusts learners.
const sql = z.string().max(64 * 1024);
/**
 * Who asks, opaque (the app sends a hash, never a user id). An uploaded dataset is the same file
 * for every learner of its lab: each learner then gets an instance of it of their own, so one
 * learner's heavy query never queues another's. A generated dataset is already one learner's.
 */
const learner = z
  .string()
  .regex(/^[0-9a-f]{32}$/)
  .optional();

export const requestSchemas = {
  /** `wait: "truth"` answers as soon as the ground truth is known; the dataset keeps building. */
  prepare: z.strictObject({ spec: datasetSpecSchema, wait: z.enum(["truth", "dataset"]).default("dataset") }),
  query: z.strictObject({
    spec: datasetSpecSchema,
    learner,
    sql,
    timeoutMs: z.number().int().min(1).max(60_000).optional(),
    maxRows: z.number().int().min(0).max(10_000).optional(),
    /** a later page: the rows of the result from this 0-based index on */
    offset: z.number().int().min(0).max(MAX_QUERY_OFFSET).optional(),
  }),
  ids: z.strictObject({ spec: datasetSpecSchema, learner, sql, timeoutMs: z.number().int().min(1).max(60_000).optional() }),
  explore: z.strictObject({
    spec: datasetSpecSchema,
    learner,
    filters: exploreFiltersSchema,
    page: z.strictObject({ offset: z.number().int().min(0).max(5_000_000), limit: z.number().int().min(1).max(500) }),
    opts: z.strictObject({ facets: z.boolean().optional(), histogram: z.boolean().optional() }).default({}),
  }),
  /** one event in full and up to MAX_CONTEXT events before and after it on its host */
  context: z.strictObject({
    spec: datasetSpecSchema,
    learner,
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    before: z.number().int().min(0).max(MAX_CONTEXT),
    after: z.number().int().min(0).max(MAX_CONTEXT),
  }),
  /** the whole result of a query, streamed as NDJSON (see ExportLine); limits at most EXPORT_LIMITS */
  export: z.strictObject({
    spec: datasetSpecSchema,
    learner,
    sql,
    timeoutMs: z.number().int().min(1).max(EXPORT_LIMITS.timeoutMs),
    maxRows: z.number().int().min(0).max(EXPORT_LIMITS.maxRows),
    maxBytes: z.number().int().min(0).max(EXPORT_LIMITS.maxBytes),
  }),
} as const;

export type Call = keyof typeof requestSchemas;
/** The calls answered with one JSON body (`export` streams its answer). */
export type JsonCall = Exclude<Call, "export">;
export type CallRequest<C extends Call> = z.input<(typeof requestSchemas)[C]>;

/** A dataset's facts, with the table's columns. */
export type DatasetFacts = DatasetMeta & { schema: Column[] };
/** The ground truth of an uploaded dataset: the ids (ascending) of the events of each label. */
export type UploadTruth = { labels: Record<string, number[]> };
export type GeneratedPrepareResult = { truth: GroundTruth; meta?: DatasetFacts };
export type UploadPrepareResult = { truth: UploadTruth; meta?: DatasetFacts };
/**
 * What `prepare` answers for a spec of type S: `PrepareResult` (a generated spec) is the shape it
 * always had, `PrepareResult<UploadSpec>` has the labels, `PrepareResult<AnyDatasetSpec>` is the
 * union of both (narrow it by the spec).
 */
export type PrepareResult<S extends AnyDatasetSpec = DatasetSpec> = S extends UploadSpec ? UploadPrepareResult : GeneratedPrepareResult;
export type CallResult = {
  prepare: PrepareResult<AnyDatasetSpec>;
  query: QueryResult;
  ids: { ids: number[] };
  explore: ExploreResult;
  context: { context: EventContext | null };
};

/**
 * `/v1/export` answers 200 with `application/x-ndjson` once the result is known to fit: its first
 * line the ExportHeader, then one JSON array of cells per row, then `{ "end": { "rows": n } }`, or
 * `{ "error": EngineError }` when it failed after the first line (a refusal before it is a normal
 * error answer with its status). A body without its end line is an export that did not finish.
 */
export type ExportEnd = { end: { rows: number } } | { error: EngineError };

/**
 * `POST /v1/load`: the body is the dataset's gzip stream (the app's stored chunks, each a whole
 * gzip member of whole canonical lines, concatenated), `content-type: application/gzip`, with the
 * sha256 in LOAD_SHA256_HEADER. Answers `LoadResult` once the dataset's files exist.
 */
export const LOAD_SHA256_HEADER = "x-dataset-sha256";
export const LOAD_LIMITS = {
  /** the request body (gzip) */
  maxCompressedBytes: 64 * 2 ** 20,
  /** the canonical NDJSON it inflates to */
  maxBytes: 200 * 2 ** 20,
} as const;
export type LoadResult = { meta: DatasetFacts };

/** An uploaded dataset's files are not on this engine (never loaded, or evicted): the app pushes them with `/v1/load`. */
export const MISSING_DATA_MESSAGE = "This lab's data is not loaded on the engine yet.";

export type EngineError = {
  kind: RejectKind | "bad_request" | "unauthorized" | "not_found" | "missing_data";
  message: string;
  position?: number;
  /** `/v1/load`: the 1-based line of the canonical NDJSON that was refused */
  line?: number;
};

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
  missing_data: 409,
};
