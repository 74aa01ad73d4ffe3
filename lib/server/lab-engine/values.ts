// DuckDB values -> JSON-safe cells. BigInt, timestamps and nested values cannot go through
// JSON.stringify as they are, and a number past 2^53 would silently lose digits.
import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBUnionValue,
  type DuckDBValue,
} from "@duckdb/node-api";
import type { Cell } from "./types";

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

function bigintCell(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

function numberCell(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/** ISO 8601 in UTC with milliseconds; values a JS Date cannot hold keep DuckDB's own text. */
function isoFromMicros(micros: bigint, fallback: string): string {
  const ms = Number(micros / 1000n) - (micros < 0n && micros % 1000n !== 0n ? 1 : 0);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? fallback : d.toISOString();
}

function timestampCell(v: DuckDBValue): string | undefined {
  if (v instanceof DuckDBTimestampValue || v instanceof DuckDBTimestampTZValue) return isoFromMicros(v.micros, v.toString());
  if (v instanceof DuckDBTimestampMillisecondsValue) return isoFromMicros(v.millis * 1000n, v.toString());
  if (v instanceof DuckDBTimestampSecondsValue) return isoFromMicros(v.seconds * 1_000_000n, v.toString());
  if (v instanceof DuckDBTimestampNanosecondsValue) return isoFromMicros(v.nanos / 1000n, v.toString());
  return undefined;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Scalars as cells; nested values as plain JS (maps with text keys become objects). */
function plain(v: DuckDBValue): Plain {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return numberCell(v);
  if (typeof v === "bigint") return bigintCell(v);
  const ts = timestampCell(v);
  if (ts !== undefined) return ts;
  if (v instanceof DuckDBDecimalValue) return v.width <= 15 ? v.toDouble() : v.toString();
  if (v instanceof DuckDBBlobValue) return hex(v.bytes);
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return v.items.map(plain);
  if (v instanceof DuckDBStructValue) {
    const out: { [key: string]: Plain } = {};
    for (const [k, item] of Object.entries(v.entries)) out[k] = plain(item);
    return out;
  }
  if (v instanceof DuckDBMapValue) {
    if (!v.entries.every((e) => typeof e.key === "string")) return v.entries.map((e) => ({ key: plain(e.key), value: plain(e.value) }));
    const out: { [key: string]: Plain } = {};
    for (const e of v.entries) out[e.key as string] = plain(e.value);
    return out;
  }
  if (v instanceof DuckDBUnionValue) return plain(v.value);
  // DATE, TIME, INTERVAL, UUID, BIT, ...: DuckDB's own text form is what a learner expects to see
  return v.toString();
}

export function toCell(v: DuckDBValue): Cell {
  const p = plain(v);
  return p !== null && typeof p === "object" ? JSON.stringify(p) : p;
}

/** For queryIds: an integer id, or null for anything that is not one. */
export function toId(v: DuckDBValue): number | null {
  if (typeof v === "bigint") return v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : null;
  if (typeof v === "number") return Number.isSafeInteger(v) ? v : null;
  if (typeof v === "string" && /^\d{1,15}$/.test(v)) return Number(v);
  return null;
}
