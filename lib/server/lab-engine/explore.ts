// The log explorer: server-built SQL with bound values, plus the same filter as readable SQL with
// inlined literals, so the learner can take it into the query editor and continue from there.
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { QueryRejected, type ExploreFilters, type ExploreResult, type Facet, type LogRow } from "./types";
import { toCell } from "./values";

export const MAX_PAGE = 500;
const FACET_LIMIT = 20;
// Steps between neighbours are at most 2x, so some step always gives 60..120 buckets.
const BUCKET_STEPS = [
  1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400, 172800, 345600, 604800,
];

export const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** '2026-03-09 00:00:00' style: what DuckDB prints for a TIMESTAMP, readable in the editor. */
const sqlTimestamp = (iso: string) =>
  `TIMESTAMP ${sqlString(
    iso
      .replace("T", " ")
      .replace("Z", "")
      .replace(/\.000$/, ""),
  )}`;

function isoOf(input: string, name: string): string {
  const ms = Date.parse(input);
  if (!Number.isFinite(ms)) throw new QueryRejected("syntax", `The ${name} time is not a valid date and time.`);
  return new Date(ms).toISOString();
}

/** LIKE treats % and _ as wildcards; the learner's text is meant literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The columns of a row of the log view (the explorer's pages, the detail view's neighbours), in order. */
export const LOG_ROW_COLUMNS = ["id", "ts", "host", "service", "level", "message"] as const;

/** A row of those columns, as the engine read it, to the log view's row. */
export function logRow(row: readonly DuckDBValue[]): LogRow {
  const [id, ts, host, service, level, message] = row.map((v) => {
    const cell = toCell(v);
    return cell === null ? "" : cell;
  });
  return { id: Number(id), ts: String(ts), host: String(host), service: String(service), level: String(level), message: String(message) };
}

export type Where = { clause: string; display: string; values: DuckDBValue[]; from?: string; to?: string };

export function buildWhere(filters: ExploreFilters): Where {
  const parts: string[] = [];
  const shown: string[] = [];
  const values: DuckDBValue[] = [];
  const bind = (v: DuckDBValue) => `$${values.push(v)}`;
  const from = filters.from ? isoOf(filters.from, "start") : undefined;
  const to = filters.to ? isoOf(filters.to, "end") : undefined;
  if (from) {
    parts.push(`ts >= ${bind(from)}::TIMESTAMP`);
    shown.push(`ts >= ${sqlTimestamp(from)}`);
  }
  if (to) {
    parts.push(`ts < ${bind(to)}::TIMESTAMP`);
    shown.push(`ts < ${sqlTimestamp(to)}`);
  }
  for (const [column, list, op] of [
    ["host", filters.hosts, "IN"],
    ["service", filters.services, "IN"],
    ["level", filters.levels, "IN"],
    ["host", filters.excludeHosts, "NOT IN"],
    ["service", filters.excludeServices, "NOT IN"],
    ["level", filters.excludeLevels, "NOT IN"],
  ] as const) {
    // an empty list means "no filter", as an explorer with nothing ticked shows everything
    if (!list || list.length === 0) continue;
    parts.push(`${column} ${op} (${list.map((v) => bind(v)).join(", ")})`);
    shown.push(`${column} ${op} (${list.map(sqlString).join(", ")})`);
  }
  const texts = [...(filters.text ? [{ text: filters.text, op: "ILIKE" }] : []), ...(filters.excludeText ?? []).map((text) => ({ text, op: "NOT ILIKE" }))];
  for (const { text, op } of texts) {
    if (!text) continue;
    const pattern = likePattern(text);
    const escape = pattern.includes("\\") ? " ESCAPE '\\'" : "";
    parts.push(`message ${op} ${bind(pattern)}${escape}`);
    shown.push(`message ${op} ${sqlString(pattern)}${escape}`);
  }
  const where = (list: string[]) => (list.length ? ` WHERE ${list.join(" AND ")}` : "");
  return { clause: where(parts), display: where(shown), values, from, to };
}

async function rowsOf(conn: DuckDBConnection, sql: string, values: DuckDBValue[]) {
  return (await conn.runAndReadAll(sql, values)).getRows();
}

async function facet(conn: DuckDBConnection, column: string, w: Where): Promise<Facet[]> {
  const sql = `SELECT ${column}, count(*) AS n FROM logs${w.clause} GROUP BY ${column} ORDER BY n DESC, ${column} LIMIT ${FACET_LIMIT}`;
  return (await rowsOf(conn, sql, w.values)).map(([value, n]) => ({ value: String(value), count: Number(n) }));
}

export function bucketSecondsFor(spanMs: number): number {
  const wanted = spanMs / 1000 / 120;
  return BUCKET_STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
}

async function histogram(conn: DuckDBConnection, w: Where, range: { from: string; to: string }) {
  const fromMs = Date.parse(w.from ?? range.from);
  const toMs = Date.parse(w.to ?? range.to);
  const bucketSeconds = bucketSecondsFor(Math.max(1000, toMs - fromMs));
  const size = bucketSeconds * 1000;
  const sql = `SELECT epoch_ms(ts) // ${size} AS b, count(*) AS n FROM logs${w.clause} GROUP BY b`;
  const counts = new Map((await rowsOf(conn, sql, w.values)).map(([b, n]) => [Number(b), Number(n)]));
  // every bucket of the range, empty ones included, so a chart can draw it as it is
  const first = Math.floor(fromMs / size);
  // a `to` filter is exclusive; the dataset's own end is its last event, so inclusive
  const last = Math.max(first, w.to ? Math.ceil(toMs / size) - 1 : Math.floor(toMs / size));
  const buckets: { bucketStart: string; count: number }[] = [];
  for (let b = first; b <= last; b++) buckets.push({ bucketStart: new Date(b * size).toISOString(), count: counts.get(b) ?? 0 });
  return { histogram: buckets, bucketSeconds };
}

export async function explore(
  conn: DuckDBConnection,
  range: { from: string; to: string },
  filters: ExploreFilters,
  page: { offset: number; limit: number },
  opts: { facets?: boolean; histogram?: boolean },
): Promise<ExploreResult> {
  const w = buildWhere(filters);
  const offset = Math.max(0, Math.floor(page.offset) || 0);
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(page.limit) || 1));
  const select = `SELECT ${LOG_ROW_COLUMNS.join(", ")} FROM logs`;
  const [[total]] = await rowsOf(conn, `SELECT count(*) FROM logs${w.clause}`, w.values);
  const pageRows = await rowsOf(conn, `${select}${w.clause} ORDER BY ts, id LIMIT ${limit} OFFSET ${offset}`, w.values);
  const rows = pageRows.map(logRow);
  const result: ExploreResult = { total: Number(total), offset, rows, sql: `${select}${w.display} ORDER BY ts, id` };
  if (opts.facets) {
    result.facets = { host: await facet(conn, "host", w), service: await facet(conn, "service", w), level: await facet(conn, "level", w) };
  }
  if (opts.histogram) Object.assign(result, await histogram(conn, w, range));
  return result;
}
