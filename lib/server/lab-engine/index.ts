// Lab engine: each learner's generated logs in their own in-memory DuckDB database, queried with
// real (read-only, time- and memory-limited) SQL. No "server-only" marker: the bench runs it with tsx.
export type { Cell, Column, ExploreFilters, ExploreResult, Facet, LabDataset, LogRow, QueryResult, RejectKind } from "./types";
export { QUERY_LIMITS, QueryRejected, isQueryRejected } from "./types";
export { datasetStats, evictAll, getDataset } from "./cache";
export { createDataset } from "./dataset";
export { encodeEvents, type EncodedBatch, type EncodedEvents } from "./encode";
