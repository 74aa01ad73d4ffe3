/**
 * What a hostile learner types into the lab's SQL editor: reaching files, settings, extensions and
 * other catalogs, writing, and queries built to exhaust time or memory, plus text that is not SQL.
 * Every one is answered with a refusal that says why (or, for the expensive but legal ones, a
 * result within the limits); none may stop the engine or slow other learners past the stated limits.
 */
export type HostileQuery = { label: string; sql: string; expect: "refused" | "limited" };

export const HOSTILE_QUERIES: HostileQuery[] = [
  // outside the data
  { label: "read a file", sql: "SELECT * FROM read_text('/etc/passwd')", expect: "refused" },
  { label: "read a CSV file", sql: "SELECT * FROM read_csv('/etc/passwd')", expect: "refused" },
  { label: "glob the disk", sql: "SELECT * FROM glob('/*')", expect: "refused" },
  { label: "a file as a table", sql: "SELECT * FROM '/etc/hostname'", expect: "refused" },
  { label: "fetch a URL", sql: "SELECT * FROM read_json('http://169.254.169.254/latest/meta-data/')", expect: "refused" },
  { label: "install an extension", sql: "INSTALL httpfs", expect: "refused" },
  { label: "load an extension", sql: "LOAD httpfs", expect: "refused" },
  { label: "attach a database", sql: "ATTACH '/tmp/evil.db' AS evil", expect: "refused" },
  { label: "copy out", sql: "COPY logs TO '/tmp/logs.csv'", expect: "refused" },
  { label: "change a setting", sql: "SET memory_limit = '64GB'", expect: "refused" },
  { label: "read a setting", sql: "SELECT current_setting('memory_limit')", expect: "refused" },
  { label: "the settings table", sql: "SELECT * FROM duckdb_settings()", expect: "refused" },
  { label: "a pragma", sql: "PRAGMA database_list", expect: "refused" },
  { label: "another catalog", sql: "SELECT * FROM system.main.duckdb_tables()", expect: "refused" },
  { label: "log to stdout", sql: "SELECT * FROM enable_logging(storage='stdout')", expect: "refused" },
  { label: "sleep", sql: "SELECT sleep_ms(60000)", expect: "refused" },
  // writing
  { label: "drop the table", sql: "DROP TABLE logs", expect: "refused" },
  { label: "delete rows", sql: "DELETE FROM logs", expect: "refused" },
  { label: "create a table", sql: "CREATE TABLE t AS SELECT * FROM logs", expect: "refused" },
  { label: "two statements", sql: "SELECT 1; DROP TABLE logs", expect: "refused" },
  // not SQL at all
  { label: "a NUL byte", sql: "SELECT 1\u0000", expect: "refused" },
  { label: "a lone surrogate", sql: "SELECT '\ud800'", expect: "refused" },
  { label: "20 KB of comment", sql: `SELECT 1 ${"-".repeat(21_000)}`, expect: "refused" },
  // time and memory
  { label: "3-way cross join", sql: "SELECT count(*) FROM logs a, logs b, logs c WHERE a.message < b.message AND b.raw <> c.raw", expect: "limited" },
  { label: "endless recursion", sql: "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t", expect: "limited" },
  { label: "a billion-character string", sql: "SELECT repeat('x', 1000000000)", expect: "limited" },
  { label: "a billion-element list", sql: "SELECT len(range(1000000000))", expect: "limited" },
  { label: "string_agg over a cross join", sql: "SELECT length(string_agg(a.raw, ',')) FROM logs a, logs b", expect: "limited" },
  { label: "sort of tripled raw lines", sql: "SELECT raw || raw || raw AS r, count(*) OVER () FROM logs a ORDER BY r DESC", expect: "limited" },
  { label: "every row", sql: "SELECT * FROM logs", expect: "limited" },
];
