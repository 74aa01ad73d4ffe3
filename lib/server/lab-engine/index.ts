// Lab engine internals, as an engine process uses them: each learner's generated logs in a
// read-only DuckDB file of their own, queried with real (allow-listed, time- and size-limited)
// SQL. The app talks to engine processes through client.ts; it does not load DuckDB itself.
// No "server-only" marker: tests and benches run it with tsx.
export type { Cell, Column, ExploreFilters, ExploreResult, Facet, LabDataset, LogRow, QueryResult, RejectKind } from "./types";
export { QUERY_LIMITS, QueryRejected, isQueryRejected } from "./types";
export { datasetStats, evictAll, getDataset } from "./cache";
export { createDataset } from "./dataset";
export { encodeEvents, type EncodedBatch, type EncodedEvents } from "./encode";
