import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { ALLOWED_FUNCTIONS, ALLOWED_TABLE_FUNCTIONS, checkTree, isAllowedFunction, isAllowedTableFunction } from "@/lib/server/lab-engine/allowlist";

let instance: DuckDBInstance;
let conn: DuckDBConnection;
/** lower-cased function name -> what duckdb_functions() says about it */
const catalog = new Map<string, { types: Set<string>; sideEffects: boolean }>();

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  const reader = await conn.runAndReadAll("SELECT lower(function_name), function_type, has_side_effects FROM duckdb_functions()");
  for (const [name, type, sideEffects] of reader.getRows() as [string, string, boolean | null][]) {
    const entry = catalog.get(name) ?? { types: new Set<string>(), sideEffects: false };
    entry.types.add(type);
    entry.sideEffects ||= sideEffects === true;
    catalog.set(name, entry);
  }
});
afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

const tree = async (sql: string) =>
  JSON.parse((await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [sql])).getRows()[0][0] as string) as unknown;
const check = async (sql: string) => checkTree(await tree(sql), sql);

const everyName = Object.entries(ALLOWED_FUNCTIONS).flatMap(([category, names]) => names.map((name) => [category, name] as const));

describe("the allow-list of functions", () => {
  it("names only functions this DuckDB has", () => {
    const missing = everyName.filter(([, name]) => !catalog.has(name.toLowerCase()));
    expect(missing).toEqual([]);
    for (const name of ALLOWED_TABLE_FUNCTIONS) expect(catalog.get(name)?.types.has("table"), name).toBe(true);
  });

  it("lists each name once", () => {
    const names = everyName.map(([, name]) => name.toLowerCase());
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("puts functions in FROM only through the table-function list", () => {
    // unnest is listed as a table function, but in a select list the parser makes it the UNNEST operator
    const tableOnly = everyName.filter(
      ([, name]) => name !== "unnest" && [...catalog.get(name.toLowerCase())!.types].every((t) => t === "table" || t === "pragma"),
    );
    expect(tableOnly).toEqual([]);
    for (const [category, name] of everyName) {
      if (category !== "aggregate" && category !== "window") continue;
      const types = catalog.get(name)!.types;
      expect(types.has("aggregate") || types.has("macro"), `${name} is an aggregate or a macro over one`).toBe(true);
    }
  });

  it("allows no function with side effects but the reviewed ones", () => {
    const withEffects = everyName
      .filter(([, name]) => catalog.get(name.toLowerCase())!.sideEffects)
      .map(([, name]) => name)
      .sort();
    // error() throws, the rest are random values; none of them reaches outside the query
    expect(withEffects).toEqual(["error", "gen_random_uuid", "random", "uuid", "uuidv4", "uuidv7"]);
  });

  it.each([
    "current_setting",
    "getvariable",
    "getenv",
    "version",
    "current_database",
    "current_schema",
    "current_schemas",
    "current_query",
    "current_user",
    "current_role",
    "session_user",
    "user",
    "current_catalog",
    "in_search_path",
    "get_block_size",
    "current_connection_id",
    "current_query_id",
    "current_transaction_id",
    "txid_current",
    "nextval",
    "currval",
    "setseed",
    "sleep_ms",
    "pg_sleep",
    "stats",
    "write_log",
    "parse_duckdb_log_message",
    "enable_logging",
    "disable_logging",
    "duckdb_logs",
    "duckdb_logs_parsed",
    "duckdb_log_contexts",
    "truncate_duckdb_logs",
    "enable_profiling",
    "disable_profiling",
    "json_serialize_sql",
    "json_deserialize_sql",
    "json_execute_serialized_sql",
    "json_serialize_plan",
    "query",
    "query_table",
    "read_text",
    "read_blob",
    "read_csv",
    "read_csv_auto",
    "read_json",
    "read_json_auto",
    "read_ndjson",
    "read_parquet",
    "parquet_scan",
    "parquet_metadata",
    "parquet_schema",
    "parquet_file_metadata",
    "parquet_kv_metadata",
    "read_duckdb",
    "glob",
    "sniff_csv",
    "checkpoint",
    "force_checkpoint",
    "duckdb_settings",
    "duckdb_tables",
    "duckdb_views",
    "duckdb_columns",
    "duckdb_functions",
    "duckdb_databases",
    "duckdb_schemas",
    "duckdb_extensions",
    "duckdb_secrets",
    "duckdb_secret_types",
    "which_secret",
    "duckdb_memory",
    "duckdb_temporary_files",
    "duckdb_variables",
    "duckdb_prepared_statements",
    "duckdb_external_file_cache",
    "duckdb_types",
    "duckdb_keywords",
    "duckdb_dependencies",
    "pragma_table_info",
    "pragma_version",
    "pragma_database_size",
    "pragma_storage_info",
    "pragma_metadata_info",
    "pragma_show",
    "pragma_platform",
    "pragma_user_agent",
    "pragma_collations",
    "sql_auto_complete",
    "enable_peg_parser",
    "disable_peg_parser",
    "check_peg_parser",
    "test_all_types",
    "test_vector_types",
    "repeat_row",
    "seq_scan",
    "arrow_scan",
    "summary",
    "icu_calendar_names",
    "pg_timezone_names",
    "json_each",
    "json_tree",
    "histogram_values",
    "duckdb_profiling_settings",
    "has_table_privilege",
    "pg_get_viewdef",
    "col_description",
  ])("does not allow %s", (name) => {
    expect(isAllowedFunction(name)).toBe(false);
    expect(isAllowedTableFunction(name)).toBe(false);
    expect(isAllowedFunction(name.toUpperCase())).toBe(false);
  });

  it("allows range, generate_series and unnest in FROM, and nothing else", () => {
    expect([...ALLOWED_TABLE_FUNCTIONS].sort()).toEqual(["generate_series", "range", "unnest"]);
    expect(isAllowedTableFunction("repeat")).toBe(false);
  });
});

describe("checkTree", () => {
  it("passes an analyst's query", async () => {
    const sql = `WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i < 3),
      hits AS (SELECT host, regexp_extract(message, 'v(\\d+)', 1) AS v, fields['file'] AS f FROM main.logs)
      SELECT host, count(*) FILTER (WHERE f = 'x') AS n, list_filter(list(v), x -> x <> '') AS vs,
        row_number() OVER (PARTITION BY host ORDER BY count(*) DESC) AS rk
      FROM hits, r GROUP BY ALL QUALIFY rk = 1 UNION ALL SELECT 'none', 0, [], 0 ORDER BY 1`;
    expect(await check(sql)).toBeUndefined();
  });

  it("refuses the crash of the landed main, with its position", async () => {
    const sql = "SELECT * FROM enable_logging(storage='file', storage_path='/tmp/x')";
    expect(await check(sql)).toMatchObject({ kind: "forbidden", position: 14, message: expect.stringMatching(/^enable_logging\(\) is not available/) });
  });

  it("counts positions in UTF-16 like an editor", async () => {
    const sql = "SELECT 'ééé', getenv('HOME')";
    expect((await check(sql))?.position).toBe(sql.indexOf("getenv"));
  });

  it("checks sizes in the same walk, a refusal winning over a size", async () => {
    expect(await check("SELECT repeat('x', 1000000000)")).toMatchObject({ kind: "memory", position: 7 });
    expect(await check("SELECT repeat('x', 1000000000), current_setting('threads')")).toMatchObject({ kind: "forbidden" });
  });

  it("scopes CTE names: a CTE is visible after its definition, a recursive one in its recursive part", async () => {
    expect(await check("WITH a AS (SELECT 1), b AS (SELECT * FROM a) SELECT * FROM b")).toBeUndefined();
    expect(await check("WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a")).toMatchObject({
      message: expect.stringMatching(/^"b" is not a table/),
    });
    expect(await check("SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM x) q, x")).toMatchObject({ message: expect.stringMatching(/^"x" is not a table/) });
    expect(await check("WITH RECURSIVE t AS (SELECT * FROM t) SELECT * FROM t")).toMatchObject({ kind: "forbidden" });
    expect(await check("WITH RECURSIVE t(n) USING KEY (n) AS (SELECT 1 UNION SELECT n + 1 FROM recurring.t WHERE n < 3) SELECT * FROM t")).toBeUndefined();
    expect(await check("SELECT * FROM recurring.logs")).toMatchObject({ kind: "forbidden" });
  });

  it("refuses what it does not know: node classes, node types and fields with content", async () => {
    const base = (await tree("SELECT host FROM logs")) as {
      statements: [{ node: { select_list: [Record<string, unknown>]; from_table: Record<string, unknown> } }];
    };
    const withClass = structuredClone(base);
    withClass.statements[0].node.select_list[0].class = "BOUND_COLUMN_REF";
    expect(checkTree(withClass, "SELECT host FROM logs")).toMatchObject({ kind: "forbidden" });
    const withType = structuredClone(base);
    withType.statements[0].node.from_table.type = "COLUMN_DATA";
    expect(checkTree(withType, "SELECT host FROM logs")).toMatchObject({ kind: "forbidden" });
    const withField = structuredClone(base);
    withField.statements[0].node.select_list[0].hidden = { class: "FUNCTION", function_name: "getenv", children: [] };
    expect(checkTree(withField, "SELECT host FROM logs")).toMatchObject({ kind: "forbidden" });
    // a new field that carries nothing is not a construct
    const withEmpty = structuredClone(base);
    withEmpty.statements[0].node.select_list[0].new_flag = false;
    expect(checkTree(withEmpty, "SELECT host FROM logs")).toBeUndefined();
    expect(checkTree({ error: true }, "x")).toMatchObject({ kind: "forbidden" });
    expect(checkTree({ error: false, statements: [] }, "x")).toMatchObject({ kind: "forbidden" });
  });
});
