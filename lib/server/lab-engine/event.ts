// The explorer's detail view: one event in full, and the events just before and after it on the
// same host in (ts, id) order, the order the explorer lists them in. Server-built SQL, the id the
// only value, bound; the neighbours are found from the event's own row, so no timestamp makes a
// round trip through JavaScript.
import type { DuckDBConnection } from "@duckdb/node-api";
import { LOG_ROW_COLUMNS, logRow } from "./explore";
import { MAX_CONTEXT, type EventContext, type EventDetail, type LogRow } from "./types";
import { toCell } from "./values";

const ROW = LOG_ROW_COLUMNS.map((c) => `l.${c}`).join(", ");
const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

function fieldsOf(cell: unknown): Record<string, string> {
  if (typeof cell !== "string") return {};
  const parsed: unknown = JSON.parse(cell);
  const out: Record<string, string> = {};
  // a map with text keys arrives as an object (values.ts); keep its entries as text, in order
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
    for (const [k, v] of Object.entries(parsed)) out[k] = typeof v === "string" ? v : JSON.stringify(v);
  return out;
}

async function neighbours(conn: DuckDBConnection, id: number, side: "before" | "after", n: number): Promise<LogRow[]> {
  if (n === 0) return [];
  const [cmp, dir] = side === "before" ? ["<", "DESC"] : [">", "ASC"];
  const sql =
    `WITH e AS (SELECT id, ts, host FROM logs WHERE id = $1) ` +
    `SELECT ${ROW} FROM logs l, e WHERE l.host = e.host AND (l.ts ${cmp} e.ts OR (l.ts = e.ts AND l.id ${cmp} e.id)) ` +
    `ORDER BY l.ts ${dir}, l.id ${dir} LIMIT ${n}`;
  const rows = (await conn.runAndReadAll(sql, [BigInt(id)])).getRows().map(logRow);
  return side === "before" ? rows.reverse() : rows;
}

export async function eventContext(conn: DuckDBConnection, id: number, around: { before: number; after: number }): Promise<EventContext | null> {
  const clamp = (n: number) => Math.min(MAX_CONTEXT, Math.max(0, Math.floor(n) || 0));
  const found = (await conn.runAndReadAll(`SELECT ${ROW}, l.raw, l.fields FROM logs l WHERE l.id = $1 LIMIT 1`, [BigInt(id)])).getRows()[0];
  if (!found) return null;
  const event: EventDetail = { ...logRow(found), raw: str(toCell(found[6])), fields: fieldsOf(toCell(found[7])) };
  return { event, before: await neighbours(conn, id, "before", clamp(around.before)), after: await neighbours(conn, id, "after", clamp(around.after)) };
}
