// Hostile values never leave their literal: random strings full of quotes, %, _, *, ?, and
// backslashes, compiled as Sigma values, still give a query that DuckDB parses, the lab's
// allow-list accepts, and that matches exactly the rows a reference matcher written here picks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { stringify } from "yaml";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { checkTree } from "@/lib/server/lab-engine/allowlist";
import { compileSigma } from "@/lib/sigma";

let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await conn.run(
    "CREATE TABLE logs (id BIGINT, ts TIMESTAMP, host VARCHAR, service VARCHAR, level VARCHAR, message VARCHAR, raw VARCHAR, fields MAP(VARCHAR, VARCHAR))",
  );
});
afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

/** Replaces the table with one row per text, in message, raw and fields['k']. */
async function load(texts: string[]) {
  await conn.run("DELETE FROM logs");
  if (!texts.length) return;
  const rows = texts.map((_, i) => `(${i + 1}, NULL, 'h', 'sshd', 'INFO', $${i + 1}, $${i + 1}, MAP {'k': $${i + 1}})`);
  await conn.run(`INSERT INTO logs VALUES ${rows.join(", ")}`, texts);
}

/** Compiles a one-selection rule, checks it against the allow-list and runs it. */
async function matches(key: string, value: string | string[]): Promise<number[]> {
  const source = stringify({ title: "property", logsource: {}, detection: { sel: { [key]: value }, condition: "sel" } }, QUOTED);
  const result = compileSigma(source);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}\n${source}`);
  const tree = JSON.parse((await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [result.sql])).getRows()[0][0] as string) as unknown;
  expect(checkTree(tree, result.sql), result.sql).toBeUndefined();
  return (await conn.runAndReadAll(result.sql)).getRows().map((r) => Number(r[0]));
}

/** Sigma's escapes, written the way a rule author would: \* \? \\ make the character literal. */
const escapeSigma = (s: string) => s.replace(/[\\*?]/g, (c) => `\\${c}`);

/** A reference reading of a Sigma pattern as a JavaScript RegExp, independent of the compiler's LIKE. */
function reference(pattern: string, cased: boolean): RegExp {
  const tokens = pattern.match(/\\[*?\\]|[*?]|[^*?\\]+|\\/g) ?? [];
  const body = tokens
    .map((t) => (t === "*" ? "[\\s\\S]*" : t === "?" ? "[\\s\\S]" : (t.length === 2 && t[0] === "\\" ? t[1] : t).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, cased ? "u" : "iu");
}

// ASCII plus two accented letters: JavaScript's and DuckDB's lower() agree on all of them
const char = fc.constantFrom("a", "b", "A", "B", "é", "É", " ", "'", "''", '"', "%", "_", "*", "?", "\\", "\\\\", "\n", "$", "[", "]");
const text = fc.array(char, { maxLength: 8 }).map((a) => a.join(""));
const literal = fc.array(char, { minLength: 1, maxLength: 6 }).map((a) => a.join(""));
const hay = (lit: string) => fc.tuple(text, text, fc.array(text, { maxLength: 5 })).map(([pre, post, others]) => [`${pre}${lit}${post}`, lit, ...others]);

const RUNS = { numRuns: 120 };
// double-quoted scalars: yaml's block scalars do not round-trip a line of only spaces (" \n" reads back as "\n")
const QUOTED = { defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" } as const;

describe("literal values", () => {
  it("contains / startswith / endswith / equality find exactly the rows holding the escaped literal", async () => {
    await fc.assert(
      fc.asyncProperty(
        literal.chain((lit) => fc.tuple(fc.constant(lit), hay(lit))),
        fc.constantFrom("", "|contains", "|startswith", "|endswith"),
        fc.boolean(),
        fc.constantFrom("message", "k"),
        async ([lit, rows], mod, cased, field) => {
          await load(rows);
          const fold = (s: string) => (cased ? s : s.toLowerCase());
          const l = fold(lit);
          const want = (s: string) =>
            mod === "|contains" ? s.includes(l) : mod === "|startswith" ? s.startsWith(l) : mod === "|endswith" ? s.endsWith(l) : s === l;
          const expected = rows.flatMap((r, i) => (want(fold(r)) ? [i + 1] : []));
          expect(await matches(`${field}${mod}${cased ? "|cased" : ""}`, escapeSigma(lit))).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  it("a keyword list (and |all) finds exactly the messages holding its literals", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(literal, { minLength: 2, maxLength: 3 }), fc.array(text, { maxLength: 6 }), async (lits, others) => {
        const rows = [lits.join(""), ...lits, ...others];
        await load(rows);
        const has = (r: string, l: string) => r.toLowerCase().includes(l.toLowerCase());
        const escaped = lits.map(escapeSigma);
        const source = (all: boolean) =>
          stringify({ title: "k", logsource: {}, detection: { keywords: all ? { "|all": escaped } : escaped, condition: "keywords" } }, QUOTED);
        for (const all of [false, true]) {
          const result = compileSigma(source(all));
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          const got = (await conn.runAndReadAll(result.sql)).getRows().map((r) => Number(r[0]));
          const expected = rows.flatMap((r, i) => ((all ? lits.every((l) => has(r, l)) : lits.some((l) => has(r, l))) ? [i + 1] : []));
          expect(got).toEqual(expected);
        }
      }),
      RUNS,
    );
  });
});

describe("patterns with wildcards", () => {
  it("match what a reference reading of Sigma's wildcards and escapes matches", async () => {
    const pattern = fc.array(fc.constantFrom("a", "B", "é", "'", "%", "_", "*", "?", "\\", "\\*", "\\?", "\\\\", " "), { maxLength: 7 }).map((a) => a.join(""));
    const rowText = fc.array(fc.constantFrom("a", "b", "é", "É", "'", "%", "_", "*", "?", "\\", " ", "x"), { maxLength: 6 }).map((a) => a.join(""));
    await fc.assert(
      fc.asyncProperty(pattern, fc.array(rowText, { minLength: 1, maxLength: 8 }), fc.boolean(), async (p, rows, cased) => {
        await load(rows);
        const re = reference(p, cased);
        const expected = rows.flatMap((r, i) => (re.test(r) ? [i + 1] : []));
        expect(await matches(`message${cased ? "|cased" : ""}`, p)).toEqual(expected);
      }),
      RUNS,
    );
  });
});

describe("anything at all", () => {
  it("any value or field name is either refused or compiled to an allowed query that runs", async () => {
    await load(["a", "b"]);
    const mods = fc.subarray(["contains", "startswith", "endswith", "re", "cidr", "all", "cased", "i", "base64"]).map((m) => m.map((x) => `|${x}`).join(""));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.constantFrom("message", "k", "host")),
        mods,
        fc.oneof(fc.string({ unit: "grapheme" }), fc.array(fc.string(), { maxLength: 3 })),
        async (name, mod, value) => {
          const source = stringify({ title: "any", logsource: {}, detection: { sel: { [`${name}${mod}`]: value }, condition: "sel" } });
          const result = compileSigma(source);
          if (!result.ok) {
            expect(result.problems.length).toBeGreaterThan(0);
            return;
          }
          const tree = JSON.parse((await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [result.sql])).getRows()[0][0] as string) as unknown;
          expect(checkTree(tree, result.sql), result.sql).toBeUndefined();
          await conn.runAndReadAll(result.sql);
        },
      ),
      { numRuns: 200 },
    );
  });
});
