// What the server returns to the lab workspace (and the lab engine's results), beside the schemas
// that define its inputs: types derived from a schema are z.infer of it.
import type { z } from "zod";
import type { LabTaskType, exploreFiltersSchema } from "@/lib/schemas/lab";

export type Column = { name: string; type: string };
export type Cell = string | number | boolean | null;
export type QueryResult = {
  columns: Column[];
  rows: Cell[][];
  /** the 0-based index, in the whole result, of the first row here (a page past the first has one > 0) */
  offset: number;
  rowCount: number;
  /** every row the query produced, counted without converting the ones past the row cap */
  totalCount: number;
  /** rows of the result are not in this answer (after it, or before it on a later page) */
  truncated: boolean;
  /** true when counting past the row cap hit the time limit: totalCount is then a lower bound */
  totalIsLowerBound?: boolean;
  /** true when the rows stopped at maxResultBytes before maxRows */
  byteLimited?: boolean;
  elapsedMs: number;
};
export type QueryError = { message: string; kind: string; position?: number /* 0-based offset into the SQL */; retryAfterSeconds?: number };
export type ExploreFilters = z.infer<typeof exploreFiltersSchema>;
export type LogRow = { id: number; ts: string; host: string; service: string; level: string; message: string };
/** One event in full, as the explorer's detail view shows it. */
export type EventDetail = LogRow & { raw: string; fields: Record<string, string> };
/** An event with its neighbours on the same host, by (ts, id): `before` oldest first, then `after`. */
export type EventContext = { event: EventDetail; before: LogRow[]; after: LogRow[] };
export type Facet = { value: string; count: number };
export type ExploreResult = {
  total: number;
  offset: number;
  rows: LogRow[];
  sql: string;
  facets?: { host: Facet[]; service: Facet[]; level: Facet[] };
  histogram?: { bucketStart: string; count: number }[];
  bucketSeconds?: number;
};
export type AnswerType = LabTaskType;
export type HintState = { index: number; title: string; cost: number; unlocked: boolean; content?: string };
export type TaskFeedback = {
  correct: boolean;
  message: string;
  counts?: { truePositives: number; falsePositives: number; missed: number };
  /** a detection's mistakes by kind of line, and what to look at next (lib/lab/coach.ts) */
  coach?: string[];
};
export type TaskState = {
  id: string;
  title: string;
  prompt: string;
  answerType: AnswerType;
  points: number;
  choices?: { id: string; text: string }[];
  placeholder?: string;
  score: number;
  passed: boolean;
  attempts: number;
  attemptsLeft: number | null;
  /** points a wrong try costs (choice tasks) */
  wrongTryCost?: number;
  lastFeedback?: TaskFeedback;
  /** the learner's own correct answer, once solved (so the answer box shows it after a reload) */
  solvedWith?: string;
  hints: HintState[];
};
export type SavedQuery = { id: string; name: string; sql: string; updatedAt: string };
export type PublicLab = {
  slug: string;
  title: string;
  summary: string;
  briefingHtml: string;
  tasks: TaskState[];
  schema: Column[];
  dataset: { eventCount: number; from: string; to: string; hosts: string[]; services: string[]; levels: string[] };
  score: number;
  maxScore: number;
  completed: boolean;
  writeupHtml?: string;
  history: { sql: string; ok: boolean; createdAt: string }[];
  /** the learner's named queries, and the one a link opened (?saved=<id>) */
  saved: SavedQuery[];
  openSaved?: string;
  dataNotice?: { previousVersion: string; version: string; changedAt: string };
};
