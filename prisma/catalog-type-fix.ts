import pg from "pg";

/**
 * Workaround for prisma/orm#27403: the wasm schema engine cannot deserialize
 * the internal Postgres types "char" (oid 18) and name (oid 19) that catalog
 * queries return. pg already parses both as JS strings, so reporting them as
 * text (oid 25) is lossless. Only prisma.config.ts (migrations) installs this.
 */
type Field = { dataTypeID: number };
type Result = { fields?: Field[] };

const CHAR_OID = 18;
const NAME_OID = 19;
const TEXT_OID = 25;

function fixResult<T>(res: T): T {
  for (const r of (Array.isArray(res) ? res : [res]) as Result[]) {
    r?.fields?.forEach((f) => {
      if (f.dataTypeID === CHAR_OID || f.dataTypeID === NAME_OID) f.dataTypeID = TEXT_OID;
    });
  }
  return res;
}

let patched = false;

export function patchCatalogTypes(): void {
  if (patched) return;
  patched = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const cb = last as (e: unknown, r: unknown) => void;
      args[args.length - 1] = (e: unknown, r: unknown) => cb(e, e ? r : fixResult(r));
      return original.apply(this, args);
    }
    const first = args[0] as { callback?: (e: unknown, r: unknown) => void } | undefined;
    if (first && typeof first.callback === "function") {
      const cb = first.callback;
      first.callback = (e, r) => cb(e, e ? r : fixResult(r));
      return original.apply(this, args);
    }
    const out = original.apply(this, args) as Promise<unknown> | unknown;
    return out && typeof (out as Promise<unknown>).then === "function" ? (out as Promise<unknown>).then(fixResult) : out;
  };
}
