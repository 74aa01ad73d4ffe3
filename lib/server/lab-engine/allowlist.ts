// The learner-SQL sandbox as an allow-list, decided on DuckDB's own parse of the query
// (json_serialize_sql), never on the SQL text. Every node class, node type and field the walker
// does not know is refused; so is every function that is not listed below by name. The list was
// drafted from duckdb_functions() of DuckDB 1.5.6 and then reviewed by hand: it holds functions
// that compute on values only. Nothing here reads settings, the catalog, files, secrets, logs,
// the environment or other SQL, and nothing changes state. tests/unit/lab-allowlist.test.ts checks
// that every name exists in this DuckDB and that none of the dangerous ones slipped in.
//
// The walk also carries the size checks of amplify.ts, so one parse serves both.
import { sizeProblem, type Node } from "./amplify";
import { charOffset } from "./guard";

export const ALLOWED_FUNCTIONS = {
  /** what the parser turns infix and prefix operators into (a + b, a || b, LIKE, ILIKE, GLOB, ->>, ...) */
  operators: [
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "**",
    "^",
    "&",
    "|",
    "<<",
    ">>",
    "~",
    "!__postfix",
    "@",
    "||",
    "~~",
    "!~~",
    "~~*",
    "!~~*",
    "~~~",
    "^@",
    "@>",
    "<@",
    "<->",
    "<=>",
    "->>",
  ],
  math: [
    "abs",
    "acos",
    "acosh",
    "add",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "bit_count",
    "cbrt",
    "ceil",
    "ceiling",
    "cos",
    "cosh",
    "cot",
    "degrees",
    "divide",
    "equi_width_bins",
    "even",
    "exp",
    "factorial",
    "fdiv",
    "floor",
    "fmod",
    "gamma",
    "gcd",
    "get_bit",
    "greatest_common_divisor",
    "isfinite",
    "isinf",
    "isnan",
    "lcm",
    "least_common_multiple",
    "lgamma",
    "ln",
    "log",
    "log10",
    "log2",
    "mod",
    "multiply",
    "nextafter",
    "pi",
    "pow",
    "power",
    "radians",
    "round",
    "round_even",
    "roundbankers",
    "set_bit",
    "sign",
    "signbit",
    "sin",
    "sinh",
    "sqrt",
    "subtract",
    "tan",
    "tanh",
    "trunc",
    "xor",
  ],
  /** comparisons and conditionals that are functions rather than operators, plus a few value helpers */
  general: [
    "greatest",
    "least",
    "nullif",
    "typeof",
    "hash",
    "error",
    "random",
    "uuid",
    "gen_random_uuid",
    "uuidv4",
    "uuidv7",
    "uuid_extract_timestamp",
    "uuid_extract_version",
  ],
  string: [
    "ascii",
    "bar",
    "base64",
    "bin",
    "bit_length",
    "char_length",
    "character_length",
    "chr",
    "concat",
    "concat_ws",
    "contains",
    "damerau_levenshtein",
    "decode",
    "editdist3",
    "encode",
    "ends_with",
    "format",
    "format_bytes",
    "formatReadableDecimalSize",
    "formatReadableSize",
    "from_base64",
    "from_binary",
    "from_hex",
    "hamming",
    "hex",
    "ilike_escape",
    "instr",
    "jaccard",
    "jaro_similarity",
    "jaro_winkler_similarity",
    "lcase",
    "left",
    "left_grapheme",
    "len",
    "length",
    "length_grapheme",
    "levenshtein",
    "like_escape",
    "lower",
    "lpad",
    "ltrim",
    "md5",
    "md5_number",
    "md5_number_lower",
    "md5_number_upper",
    "mismatches",
    "nfc_normalize",
    "not_ilike_escape",
    "not_like_escape",
    "octet_length",
    "ord",
    "parse_dirname",
    "parse_dirpath",
    "parse_filename",
    "parse_formatted_bytes",
    "parse_path",
    "position",
    "prefix",
    "printf",
    "repeat",
    "replace",
    "reverse",
    "right",
    "right_grapheme",
    "rpad",
    "rtrim",
    "sha1",
    "sha256",
    "split",
    "split_part",
    "starts_with",
    "str_split",
    "string_split",
    "string_to_array",
    "strip_accents",
    "strlen",
    "strpos",
    "substr",
    "substring",
    "substring_grapheme",
    "suffix",
    "to_base",
    "to_base64",
    "to_binary",
    "to_hex",
    "translate",
    "trim",
    "ucase",
    "unbin",
    "unhex",
    "unicode",
    "upper",
    "url_decode",
    "url_encode",
  ],
  regexp: [
    "regexp_escape",
    "regexp_extract",
    "regexp_extract_all",
    "regexp_full_match",
    "regexp_matches",
    "regexp_replace",
    "regexp_split_to_array",
    "regexp_split_to_table",
    "str_split_regex",
    "string_split_regex",
  ],
  datetime: [
    "age",
    "ago",
    "century",
    "current_date",
    "current_localtime",
    "current_localtimestamp",
    "date_add",
    "date_diff",
    "date_part",
    "date_sub",
    "date_trunc",
    "datediff",
    "datepart",
    "datesub",
    "datetrunc",
    "day",
    "dayname",
    "dayofmonth",
    "dayofweek",
    "dayofyear",
    "days_in_month",
    "decade",
    "epoch",
    "epoch_ms",
    "epoch_ns",
    "epoch_us",
    "era",
    "get_current_time",
    "get_current_timestamp",
    "hour",
    "isodow",
    "isoyear",
    "julian",
    "last_day",
    "make_date",
    "make_time",
    "make_timestamp",
    "make_timestamp_ms",
    "make_timestamp_ns",
    "make_timestamptz",
    "microsecond",
    "millennium",
    "millisecond",
    "minute",
    "month",
    "monthname",
    "nanosecond",
    "normalized_interval",
    "now",
    "quarter",
    "second",
    "strftime",
    "strptime",
    "time_bucket",
    "timezone",
    "timezone_hour",
    "timezone_minute",
    "to_centuries",
    "to_days",
    "to_decades",
    "to_hours",
    "to_microseconds",
    "to_millennia",
    "to_milliseconds",
    "to_minutes",
    "to_months",
    "to_quarters",
    "to_seconds",
    "to_timestamp",
    "to_weeks",
    "to_years",
    "today",
    "transaction_timestamp",
    "try_strptime",
    "week",
    "weekday",
    "weekofyear",
    "year",
    "yearweek",
  ],
  /** list and array functions; range/generate_series as values are size-checked, unnest expands a list into rows */
  list: [
    "aggregate",
    "apply",
    "array_aggr",
    "array_aggregate",
    "array_append",
    "array_apply",
    "array_cat",
    "array_concat",
    "array_contains",
    "array_cosine_distance",
    "array_cosine_similarity",
    "array_cross_product",
    "array_distance",
    "array_distinct",
    "array_dot_product",
    "array_extract",
    "array_filter",
    "array_grade_up",
    "array_has",
    "array_has_all",
    "array_has_any",
    "array_indexof",
    "array_inner_product",
    "array_intersect",
    "array_length",
    "array_negative_dot_product",
    "array_negative_inner_product",
    "array_pop_back",
    "array_pop_front",
    "array_position",
    "array_prepend",
    "array_push_back",
    "array_push_front",
    "array_reduce",
    "array_resize",
    "array_reverse",
    "array_reverse_sort",
    "array_select",
    "array_slice",
    "array_sort",
    "array_to_string",
    "array_transform",
    "array_unique",
    "array_value",
    "array_where",
    "array_zip",
    "cardinality",
    "filter",
    "flatten",
    "generate_series",
    "generate_subscripts",
    "grade_up",
    "list_aggr",
    "list_aggregate",
    "list_any_value",
    "list_append",
    "list_apply",
    "list_approx_count_distinct",
    "list_avg",
    "list_bit_and",
    "list_bit_or",
    "list_bit_xor",
    "list_bool_and",
    "list_bool_or",
    "list_cat",
    "list_concat",
    "list_contains",
    "list_cosine_distance",
    "list_cosine_similarity",
    "list_count",
    "list_distance",
    "list_distinct",
    "list_dot_product",
    "list_element",
    "list_entropy",
    "list_extract",
    "list_filter",
    "list_first",
    "list_grade_up",
    "list_has",
    "list_has_all",
    "list_has_any",
    "list_histogram",
    "list_indexof",
    "list_inner_product",
    "list_intersect",
    "list_kurtosis",
    "list_kurtosis_pop",
    "list_last",
    "list_mad",
    "list_max",
    "list_median",
    "list_min",
    "list_mode",
    "list_negative_dot_product",
    "list_negative_inner_product",
    "list_pack",
    "list_position",
    "list_prepend",
    "list_product",
    "list_reduce",
    "list_resize",
    "list_reverse",
    "list_reverse_sort",
    "list_select",
    "list_sem",
    "list_skewness",
    "list_slice",
    "list_sort",
    "list_stddev_pop",
    "list_stddev_samp",
    "list_string_agg",
    "list_sum",
    "list_transform",
    "list_unique",
    "list_value",
    "list_var_pop",
    "list_var_samp",
    "list_where",
    "list_zip",
    "range",
    "reduce",
    "unnest",
  ],
  struct_map: [
    "element_at",
    "map",
    "map_concat",
    "map_contains",
    "map_contains_entry",
    "map_contains_value",
    "map_entries",
    "map_extract",
    "map_extract_value",
    "map_from_entries",
    "map_keys",
    "map_values",
    "row",
    "struct_concat",
    "struct_contains",
    "struct_extract",
    "struct_extract_at",
    "struct_has",
    "struct_indexof",
    "struct_insert",
    "struct_keys",
    "struct_pack",
    "struct_position",
    "struct_update",
    "struct_values",
    "union_extract",
    "union_tag",
    "union_value",
  ],
  json: [
    "array_to_json",
    "from_json",
    "from_json_strict",
    "json",
    "json_array",
    "json_array_length",
    "json_contains",
    "json_exists",
    "json_extract",
    "json_extract_path",
    "json_extract_path_text",
    "json_extract_string",
    "json_group_array",
    "json_group_object",
    "json_group_structure",
    "json_keys",
    "json_merge_patch",
    "json_object",
    "json_pretty",
    "json_quote",
    "json_structure",
    "json_transform",
    "json_transform_strict",
    "json_type",
    "json_valid",
    "json_value",
    "row_to_json",
    "to_json",
  ],
  aggregate: [
    "any_value",
    "approx_count_distinct",
    "approx_quantile",
    "approx_top_k",
    "arbitrary",
    "arg_max",
    "arg_max_null",
    "arg_max_nulls_last",
    "arg_min",
    "arg_min_null",
    "arg_min_nulls_last",
    "argmax",
    "argmin",
    "array_agg",
    "avg",
    "bit_and",
    "bit_or",
    "bit_xor",
    "bool_and",
    "bool_or",
    "corr",
    "count",
    "count_if",
    "count_star",
    "countif",
    "covar_pop",
    "covar_samp",
    "entropy",
    "favg",
    "first",
    "fsum",
    "geomean",
    "geometric_mean",
    "group_concat",
    "histogram",
    "histogram_exact",
    "kahan_sum",
    "kurtosis",
    "kurtosis_pop",
    "last",
    "list",
    "listagg",
    "mad",
    "max",
    "max_by",
    "mean",
    "median",
    "min",
    "min_by",
    "mode",
    "product",
    "quantile",
    "quantile_cont",
    "quantile_disc",
    "regr_avgx",
    "regr_avgy",
    "regr_count",
    "regr_intercept",
    "regr_r2",
    "regr_slope",
    "regr_sxx",
    "regr_sxy",
    "regr_syy",
    "reservoir_quantile",
    "sem",
    "skewness",
    "stddev",
    "stddev_pop",
    "stddev_samp",
    "string_agg",
    "sum",
    "sumkahan",
    "var_pop",
    "var_samp",
    "variance",
    "wavg",
    "weighted_avg",
  ],
  /** window-only functions (every aggregate above may also be used with OVER) */
  window: [
    "cume_dist",
    "dense_rank",
    "fill",
    "first_value",
    "lag",
    "last_value",
    "lead",
    "nth_value",
    "ntile",
    "percent_rank",
    "rank",
    "rank_dense",
    "row_number",
  ],
} as const;

/** Table functions a FROM clause may call; each streams its rows and touches nothing outside the query. */
export const ALLOWED_TABLE_FUNCTIONS = ["range", "generate_series", "unnest"] as const;

const lower = (s: readonly string[]) => s.map((x) => x.toLowerCase());
const SCALAR = new Set(Object.values(ALLOWED_FUNCTIONS).flatMap(lower));
const WINDOWED = new Set(lower([...ALLOWED_FUNCTIONS.aggregate, ...ALLOWED_FUNCTIONS.window]));
const AGGREGATES = new Set(lower(ALLOWED_FUNCTIONS.aggregate));
const TABLE = new Set<string>(ALLOWED_TABLE_FUNCTIONS);
// list_aggregate(l, 'name') looks the aggregate up by name at bind time: the name must be a literal on the list
const BY_NAME = new Set(["aggregate", "array_aggr", "array_aggregate", "list_aggr", "list_aggregate"]);

/** Whether `name` (any case) may be called as a scalar, aggregate or window function in learner SQL. */
export const isAllowedFunction = (name: string) => SCALAR.has(name.toLowerCase());
export const isAllowedTableFunction = (name: string) => TABLE.has(name.toLowerCase());

export type Violation = {
  kind: "forbidden" | "memory";
  message: string;
  position?: number;
  /** set when a function name is not on the list: the caller may tell a typo from a refusal */
  function?: string;
};

const QUERY_SHAPE =
  "A lab query is one read-only SELECT over logs: WITH (also RECURSIVE), UNION/INTERSECT/EXCEPT, VALUES, joins, subqueries, PIVOT, with scalar, aggregate and window functions.";
const FUNCTION_SCOPE =
  "Functions that compute on values are allowed (string, regexp, date/time, math, list, struct, map and JSON functions, aggregates and window functions); settings, logging, the catalog, files, extensions, secrets and SQL in strings are not.";
const FROM_SCOPE =
  "The lab cannot read or write files, use the network, load extensions or change settings: FROM takes logs (or main.logs), a CTE defined in the query, a subquery, VALUES, range(), generate_series() or unnest().";

// A location DuckDB did not record comes out as 2^64-1.
const NO_LOCATION = 2 ** 53;

type Json = unknown;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown) => (typeof v === "string" ? v : "");
/** names from the parse are echoed only when they look like identifiers (never a path or URL) */
const shown = (name: string, fallback: string) => (/^[A-Za-z_][A-Za-z0-9_$]{0,63}$/.test(name) ? name : fallback);
/** a field that carries nothing, whatever its name */
const blank = (v: unknown) => v === null || v === undefined || v === false || v === "" || v === 0 || (Array.isArray(v) && v.length === 0);

/** CTE names visible at a point of the query; `recursive` marks the one a recursive part may read. */
type Scope = { names: ReadonlyMap<string, boolean>; parent?: Scope };
function lookup(scope: Scope | undefined, name: string): boolean | undefined {
  for (let s = scope; s; s = s.parent) if (s.names.has(name)) return s.names.get(name);
  return undefined;
}
const extend = (scope: Scope | undefined, name: string, recursive: boolean): Scope => ({ names: new Map([[name, recursive]]), parent: scope });

const COMMON_EXPR = ["class", "type", "alias", "query_location"];
const COMMON_REF = ["type", "alias", "query_location", "sample"];
const COMMON_NODE = ["type", "modifiers", "cte_map"];

const OPERATOR_TYPES = new Set([
  "OPERATOR_NOT",
  "OPERATOR_IS_NULL",
  "OPERATOR_IS_NOT_NULL",
  "COMPARE_IN",
  "COMPARE_NOT_IN",
  "ARRAY_EXTRACT",
  "ARRAY_SLICE",
  "STRUCT_EXTRACT",
  "OPERATOR_COALESCE",
  "OPERATOR_TRY",
  "OPERATOR_UNPACK",
  "GROUPING_FUNCTION",
  "ARRAY_CONSTRUCTOR",
  "OPERATOR_NULLIF",
]);
const COMPARISON_TYPES = new Set([
  "COMPARE_EQUAL",
  "COMPARE_NOTEQUAL",
  "COMPARE_LESSTHAN",
  "COMPARE_GREATERTHAN",
  "COMPARE_LESSTHANOREQUALTO",
  "COMPARE_GREATERTHANOREQUALTO",
  "COMPARE_DISTINCT_FROM",
  "COMPARE_NOT_DISTINCT_FROM",
]);
const ORDER_TYPES = new Set(["ORDER_DEFAULT", "ASCENDING", "DESCENDING"]);
const WINDOW_TYPES = new Set([
  "WINDOW_AGGREGATE",
  "WINDOW_ROW_NUMBER",
  "WINDOW_RANK",
  "WINDOW_RANK_DENSE",
  "WINDOW_PERCENT_RANK",
  "WINDOW_CUME_DIST",
  "WINDOW_NTILE",
  "WINDOW_LAG",
  "WINDOW_LEAD",
  "WINDOW_FIRST_VALUE",
  "WINDOW_LAST_VALUE",
  "WINDOW_NTH_VALUE",
  "WINDOW_FILL",
]);
/** the one expression type each class has in a parse (operators, comparisons and windows have sets) */
const TYPE_OF_CLASS = new Map(
  Object.entries({
    CONSTANT: "VALUE_CONSTANT",
    COLUMN_REF: "COLUMN_REF",
    POSITIONAL_REFERENCE: "POSITIONAL_REFERENCE",
    STAR: "STAR",
    CAST: "OPERATOR_CAST",
    COLLATE: "COLLATE",
    BETWEEN: "COMPARE_BETWEEN",
    CASE: "CASE_EXPR",
    SUBQUERY: "SUBQUERY",
    LAMBDA: "LAMBDA",
    FUNCTION: "FUNCTION",
  }),
);

/** Collects every violation; the caller reports the most important, earliest one. */
class Walker {
  readonly found: { v: Violation; order: number }[] = [];

  constructor(private readonly sql: string) {}

  private position(loc: number | undefined): number | undefined {
    return loc === undefined ? undefined : charOffset(this.sql, loc);
  }

  private refuse(kind: Violation["kind"], message: string, loc: number | undefined, fn?: string) {
    const v: Violation = { kind, message, position: this.position(loc) };
    if (fn) v.function = fn;
    this.found.push({ v, order: this.found.length });
  }

  private unknown(what: string, loc: number | undefined) {
    this.refuse("forbidden", `The lab does not run queries with ${what}. ${QUERY_SHAPE}`, loc);
  }

  private locOf(n: Node, outer: number | undefined): number | undefined {
    const loc = n.query_location;
    return typeof loc === "number" && loc >= 0 && loc < NO_LOCATION ? loc : outer;
  }

  /** Fields a handler does not read must be known and plain data, or carry nothing at all. */
  private fields(n: Node, walked: readonly string[], data: readonly string[], common: readonly string[], what: string, loc: number | undefined): void {
    for (const [key, value] of Object.entries(n)) {
      if (walked.includes(key) || common.includes(key)) continue;
      if (data.includes(key)) {
        if (!this.isData(value)) this.unknown(`an unexpected ${what} (${key})`, loc);
        continue;
      }
      if (!blank(value)) this.unknown(`an unexpected ${what} (${key})`, loc);
    }
  }

  /** Plain data: literals, types, names. Anything shaped like an expression or a query is not. */
  private isData(v: Json): boolean {
    if (Array.isArray(v)) return v.every((x) => this.isData(x));
    if (!isNode(v)) return true;
    if ("class" in v || "node" in v || "from_table" in v || "select_list" in v || "subquery" in v || "function" in v) return false;
    return Object.values(v).every((x) => this.isData(x));
  }

  /** `recursive` is the CTE name when this is the body of a WITH RECURSIVE entry, the only place a recursive node may be. */
  statement(s: Json, scope: Scope | undefined, loc: number | undefined, recursive?: string): void {
    if (!isNode(s)) return this.unknown("an unreadable statement", loc);
    // the PARAMETER nodes themselves are refused with their position; this catches any the walk might miss
    if (list(s.named_param_map).length > 0) this.parameters(loc);
    this.fields(s, ["node"], [], ["named_param_map"], "statement part", loc);
    this.queryNode(s.node, scope, loc, recursive);
  }

  private parameters(loc: number | undefined) {
    this.refuse("forbidden", `Query parameters ($1, ? or $name) cannot be bound here; write the values into the query. ${QUERY_SHAPE}`, loc);
  }

  /** WITH: each CTE sees the ones before it; a recursive one also sees itself, in its recursive part. */
  private ctes(cteMap: Json, scope: Scope | undefined, loc: number | undefined): Scope | undefined {
    if (blank(cteMap)) return scope;
    if (!isNode(cteMap)) {
      this.unknown("an unreadable WITH clause", loc);
      return scope;
    }
    this.fields(cteMap, ["map"], [], [], "WITH clause", loc);
    let inner = scope;
    for (const entry of list(cteMap.map)) {
      if (!isNode(entry) || typeof entry.key !== "string" || !isNode(entry.value)) {
        this.unknown("an unreadable WITH clause", loc);
        continue;
      }
      const name = entry.key.toLowerCase();
      const cte = entry.value;
      this.fields(cte, ["query", "key_targets"], ["aliases", "materialized"], [], "WITH clause", loc);
      const query = isNode(cte.query) ? cte.query : undefined;
      const body = query && isNode(query.node) ? query.node : undefined;
      if (!query || !body) {
        this.unknown("an unreadable WITH clause", loc);
        continue;
      }
      this.statement(query, inner, loc, name);
      const recursiveScope = body.type === "RECURSIVE_CTE_NODE" ? extend(inner, name, true) : inner;
      this.exprs(cte.key_targets, recursiveScope, loc);
      inner = extend(inner, name, false);
    }
    return inner;
  }

  queryNode(n: Json, outer: Scope | undefined, loc: number | undefined, recursive?: string): void {
    if (!isNode(n)) return this.unknown("an unreadable query", loc);
    const scope = this.ctes(n.cte_map, outer, loc);
    for (const m of list(n.modifiers)) this.modifier(m, scope, loc);
    switch (n.type) {
      case "SELECT_NODE":
        this.fields(
          n,
          ["select_list", "from_table", "where_clause", "group_expressions", "having", "qualify"],
          ["group_sets", "aggregate_handling", "sample"],
          COMMON_NODE,
          "SELECT part",
          loc,
        );
        this.exprs(n.select_list, scope, loc);
        this.tableRef(n.from_table, scope, loc);
        this.expr(n.where_clause, scope, loc);
        this.exprs(n.group_expressions, scope, loc);
        this.expr(n.having, scope, loc);
        this.expr(n.qualify, scope, loc);
        return;
      case "SET_OPERATION_NODE":
        this.fields(n, ["left", "right", "children"], ["setop_type", "setop_all"], COMMON_NODE, "set operation", loc);
        for (const side of [n.left, n.right, ...list(n.children)]) if (side !== undefined && side !== null) this.queryNode(side, scope, loc);
        return;
      case "RECURSIVE_CTE_NODE": {
        this.fields(n, ["left", "right", "key_targets"], ["cte_name", "union_all", "aliases"], COMMON_NODE, "recursive CTE", loc);
        const name = str(n.cte_name).toLowerCase();
        if (recursive === undefined || name !== recursive) return this.unknown("a recursive part outside its WITH RECURSIVE", loc);
        this.queryNode(n.left, scope, loc);
        // only the recursive part reads the CTE being defined (as t, or as recurring.t with USING KEY)
        const self = extend(scope, name, true);
        this.queryNode(n.right, self, loc);
        this.exprs(n.key_targets, self, loc);
        return;
      }
      default:
        return this.unknown(`a ${shown(str(n.type), "query")} node`, loc);
    }
  }

  private modifier(m: Json, scope: Scope | undefined, loc: number | undefined): void {
    if (!isNode(m)) return this.unknown("an unreadable modifier", loc);
    switch (m.type) {
      case "ORDER_MODIFIER":
        this.fields(m, ["orders"], [], ["type"], "ORDER BY", loc);
        return this.orders(m.orders, scope, loc);
      case "LIMIT_MODIFIER":
      case "LIMIT_PERCENT_MODIFIER":
        this.fields(m, ["limit", "offset"], [], ["type"], "LIMIT", loc);
        this.expr(m.limit, scope, loc);
        return this.expr(m.offset, scope, loc);
      case "DISTINCT_MODIFIER":
        this.fields(m, ["distinct_on_targets"], [], ["type"], "DISTINCT", loc);
        return this.exprs(m.distinct_on_targets, scope, loc);
      default:
        return this.unknown(`a ${shown(str(m.type), "query")} modifier`, loc);
    }
  }

  private orders(orders: Json, scope: Scope | undefined, loc: number | undefined): void {
    for (const o of list(orders)) {
      if (!isNode(o) || !ORDER_TYPES.has(str(o.type))) {
        this.unknown("an unreadable ORDER BY", loc);
        continue;
      }
      this.fields(o, ["expression"], ["null_order"], ["type"], "ORDER BY", loc);
      this.expr(o.expression, scope, loc);
    }
  }

  private orderModifier(m: Json, scope: Scope | undefined, loc: number | undefined): void {
    if (blank(m)) return;
    if (!isNode(m) || m.type !== "ORDER_MODIFIER") return this.unknown("an unreadable ORDER BY", loc);
    this.fields(m, ["orders"], [], ["type"], "ORDER BY", loc);
    this.orders(m.orders, scope, loc);
  }

  tableRef(r: Json, scope: Scope | undefined, outer: number | undefined): void {
    if (r === null || r === undefined) return;
    if (!isNode(r)) return this.unknown("an unreadable FROM clause", outer);
    const loc = this.locOf(r, outer);
    switch (r.type) {
      case "EMPTY":
        return this.fields(r, [], [], COMMON_REF, "FROM clause", loc);
      case "BASE_TABLE":
        this.fields(r, [], ["table_name", "schema_name", "catalog_name", "column_name_alias"], [...COMMON_REF, "at_clause"], "table reference", loc);
        if (!blank(r.at_clause)) return this.unknown("time travel (AT)", loc);
        return this.baseTable(r, scope, loc);
      case "TABLE_FUNCTION": {
        this.fields(r, ["function"], ["column_name_alias", "with_ordinality"], COMMON_REF, "table function", loc);
        const fn = r.function;
        if (!isNode(fn) || fn.class !== "FUNCTION") return this.unknown("an unreadable table function", loc);
        const name = str(fn.function_name).toLowerCase();
        if (!isAllowedTableFunction(name) || !plainQualifier(fn)) {
          return this.refuse("forbidden", `${qualified(fn)}() is not available in the lab. ${FROM_SCOPE}`, loc);
        }
        if (fn.export_state) return this.unknown("EXPORT_STATE", loc);
        this.fields(
          fn,
          ["children", "filter", "order_bys"],
          ["function_name", "schema", "catalog", "is_operator", "distinct"],
          COMMON_EXPR,
          "table function",
          loc,
        );
        const at = this.locOf(fn, loc);
        this.exprs(fn.children, scope, at);
        this.expr(fn.filter, scope, at);
        return this.orderModifier(fn.order_bys, scope, at);
      }
      case "JOIN":
        this.fields(
          r,
          ["left", "right", "condition", "duplicate_eliminated_columns"],
          ["join_type", "ref_type", "using_columns", "delim_flipped"],
          COMMON_REF,
          "join",
          loc,
        );
        this.tableRef(r.left, scope, loc);
        this.tableRef(r.right, scope, loc);
        this.expr(r.condition, scope, loc);
        return this.exprs(r.duplicate_eliminated_columns, scope, loc);
      case "SUBQUERY":
        this.fields(r, ["subquery"], ["column_name_alias"], COMMON_REF, "subquery", loc);
        return this.statement(r.subquery, scope, loc);
      case "EXPRESSION_LIST":
        this.fields(r, ["values"], ["expected_names", "expected_types"], COMMON_REF, "VALUES list", loc);
        for (const row of list(r.values)) this.exprs(row, scope, loc);
        return;
      case "PIVOT":
        this.fields(r, ["source", "aggregates", "pivots"], ["groups", "unpivot_names", "include_nulls", "column_name_alias"], COMMON_REF, "PIVOT", loc);
        this.tableRef(r.source, scope, loc);
        this.exprs(r.aggregates, scope, loc);
        for (const p of list(r.pivots)) {
          if (!isNode(p)) {
            this.unknown("an unreadable PIVOT", loc);
            continue;
          }
          this.fields(p, ["pivot_expressions", "entries"], ["unpivot_names"], [], "PIVOT", loc);
          this.exprs(p.pivot_expressions, scope, loc);
          for (const e of list(p.entries)) {
            if (!isNode(e)) {
              this.unknown("an unreadable PIVOT", loc);
              continue;
            }
            this.fields(e, ["star_expr"], ["values", "alias"], [], "PIVOT", loc);
            this.expr(e.star_expr, scope, loc);
          }
        }
        return;
      case "SHOW_REF":
        // DESCRIBE <query or table> and SUMMARIZE <query or table>: the parser turns the table into
        // SELECT * FROM it, so the usual checks prove what they read. SHOW TABLES and kin read the catalog.
        if (
          !["DESCRIBE", "SUMMARY"].includes(str(r.show_type)) ||
          !blank(r.table_name) ||
          !blank(r.schema_name) ||
          !blank(r.catalog_name) ||
          !isNode(r.query)
        ) {
          return this.refuse(
            "forbidden",
            `SHOW TABLES, SHOW DATABASES and the like read the database catalog, which the lab does not allow; DESCRIBE logs and SUMMARIZE logs work. ${FROM_SCOPE}`,
            loc,
          );
        }
        this.fields(r, ["query"], ["show_type"], [...COMMON_REF, "table_name", "schema_name", "catalog_name"], "DESCRIBE", loc);
        return this.queryNode(r.query, scope, loc);
      default:
        return this.unknown(`a ${shown(str(r.type), "table")} reference`, loc);
    }
  }

  private baseTable(r: Node, scope: Scope | undefined, loc: number | undefined): void {
    const name = str(r.table_name).toLowerCase();
    const schema = str(r.schema_name).toLowerCase();
    const catalog = str(r.catalog_name).toLowerCase();
    // a CTE is found by its bare name; recurring.t is the USING KEY form inside a recursive CTE
    if (!catalog && !schema && lookup(scope, name) !== undefined) return;
    if (!catalog && schema === "recurring" && lookup(scope, name) === true) return;
    if (!catalog && (schema === "" || schema === "main") && name === "logs") return;
    const full = [str(r.catalog_name), str(r.schema_name), str(r.table_name)].filter(Boolean).join(".");
    const what = /^[A-Za-z_][A-Za-z0-9_$.]{0,127}$/.test(full) ? `"${full}" is not a table of the lab.` : "Files and URLs are not tables of the lab.";
    this.refuse("forbidden", `${what} ${FROM_SCOPE}`, loc);
  }

  exprs(v: Json, scope: Scope | undefined, loc: number | undefined): void {
    for (const e of list(v)) this.expr(e, scope, loc);
  }

  expr(e: Json, scope: Scope | undefined, outer: number | undefined): void {
    if (e === null || e === undefined) return;
    if (!isNode(e)) return this.unknown("an unreadable expression", outer);
    const loc = this.locOf(e, outer);
    const C = COMMON_EXPR;
    const cls = str(e.class);
    const expected = TYPE_OF_CLASS.get(cls);
    if ((expected !== undefined && e.type !== expected) || (cls === "WINDOW" && !WINDOW_TYPES.has(str(e.type)))) {
      return this.unknown(`a ${shown(str(e.type), "kind of")} expression`, loc);
    }
    switch (cls) {
      case "CONSTANT":
        return this.fields(e, [], ["value"], C, "constant", loc);
      case "COLUMN_REF":
        // A bare current_date, current_user, user, session_user, current_role, current_schema or
        // current_catalog that names no column is bound by DuckDB as that fixed SQL keyword function.
        // They are left allowed: constants ('duckdb', 'main', the file's name), and refusing the names
        // would break aliases such as fields['user'] AS user.
        return this.fields(e, [], ["column_names"], C, "column", loc);
      case "POSITIONAL_REFERENCE":
        return this.fields(e, [], ["index"], C, "column", loc);
      case "STAR":
        // *, t.*, COLUMNS('re'), COLUMNS(lambda) with EXCLUDE / REPLACE / RENAME
        this.fields(
          e,
          ["expr", "replace_list"],
          ["relation_name", "exclude_list", "qualified_exclude_list", "rename_list", "columns", "unpacked"],
          C,
          "star expression",
          loc,
        );
        this.expr(e.expr, scope, loc);
        for (const r of list(e.replace_list)) {
          if (!isNode(r)) this.unknown("an unreadable REPLACE", loc);
          else {
            this.fields(r, ["value"], ["key"], [], "REPLACE", loc);
            this.expr(r.value, scope, loc);
          }
        }
        return;
      case "CAST":
        this.fields(e, ["child"], ["cast_type", "try_cast"], C, "cast", loc);
        return this.expr(e.child, scope, loc);
      case "COLLATE":
        this.fields(e, ["child"], ["collation"], C, "COLLATE", loc);
        return this.expr(e.child, scope, loc);
      case "OPERATOR":
        if (!OPERATOR_TYPES.has(str(e.type))) return this.unknown(`the operator ${shown(str(e.type), "used")}`, loc);
        this.fields(e, ["children"], [], C, "operator", loc);
        return this.exprs(e.children, scope, loc);
      case "COMPARISON":
        if (!COMPARISON_TYPES.has(str(e.type))) return this.unknown(`the comparison ${shown(str(e.type), "used")}`, loc);
        this.fields(e, ["left", "right"], [], C, "comparison", loc);
        this.expr(e.left, scope, loc);
        return this.expr(e.right, scope, loc);
      case "CONJUNCTION":
        if (e.type !== "CONJUNCTION_AND" && e.type !== "CONJUNCTION_OR") return this.unknown("an unknown AND/OR", loc);
        this.fields(e, ["children"], [], C, "AND/OR", loc);
        return this.exprs(e.children, scope, loc);
      case "BETWEEN":
        this.fields(e, ["input", "lower", "upper"], [], C, "BETWEEN", loc);
        for (const k of ["input", "lower", "upper"]) this.expr(e[k], scope, loc);
        return;
      case "CASE":
        this.fields(e, ["case_checks", "else_expr"], [], C, "CASE", loc);
        for (const c of list(e.case_checks)) {
          if (!isNode(c)) this.unknown("an unreadable CASE", loc);
          else {
            this.fields(c, ["when_expr", "then_expr"], [], [], "CASE", loc);
            this.expr(c.when_expr, scope, loc);
            this.expr(c.then_expr, scope, loc);
          }
        }
        return this.expr(e.else_expr, scope, loc);
      case "SUBQUERY":
        this.fields(e, ["subquery", "child"], ["subquery_type", "comparison_type"], C, "subquery", loc);
        this.statement(e.subquery, scope, loc);
        return this.expr(e.child, scope, loc);
      case "LAMBDA":
        this.fields(e, ["lhs", "expr"], ["syntax_type"], C, "lambda", loc);
        this.expr(e.lhs, scope, loc);
        return this.expr(e.expr, scope, loc);
      case "FUNCTION":
        return this.func(e, scope, loc);
      case "WINDOW":
        return this.window(e, scope, loc);
      case "PARAMETER":
        return this.parameters(loc);
      default:
        return this.unknown(`a ${shown(str(e.class), "kind of")} expression`, loc);
    }
  }

  private func(e: Node, scope: Scope | undefined, loc: number | undefined): void {
    const name = str(e.function_name).toLowerCase();
    if (!isAllowedFunction(name)) return this.refuse("forbidden", `${qualified(e)}() is not available in the lab. ${FUNCTION_SCOPE}`, loc, name);
    if (!plainQualifier(e)) return this.refuse("forbidden", qualifierMessage(e), loc);
    if (e.export_state) return this.unknown("EXPORT_STATE", loc);
    this.fields(e, ["children", "filter", "order_bys"], ["function_name", "schema", "catalog", "distinct", "is_operator"], COMMON_EXPR, "function call", loc);
    const args = list(e.children);
    if (BY_NAME.has(name) && args.length > 1) {
      const agg = literalString(args[1])?.toLowerCase();
      if (agg === undefined || !AGGREGATES.has(agg)) {
        this.refuse("forbidden", `${name}() needs the name of an allowed aggregate as a literal string, e.g. ${name}(l, 'sum'). ${FUNCTION_SCOPE}`, loc);
      }
    }
    const problem = sizeProblem(e);
    if (problem) this.refuse("memory", problem, loc);
    this.exprs(args, scope, loc);
    this.expr(e.filter, scope, loc);
    this.orderModifier(e.order_bys, scope, loc);
  }

  private window(e: Node, scope: Scope | undefined, loc: number | undefined): void {
    const name = str(e.function_name).toLowerCase();
    if (!WINDOWED.has(name)) return this.refuse("forbidden", `${qualified(e)}() is not available as a window function in the lab. ${FUNCTION_SCOPE}`, loc);
    if (!plainQualifier(e)) return this.refuse("forbidden", qualifierMessage(e), loc);
    this.fields(
      e,
      ["children", "partitions", "orders", "arg_orders", "filter_expr", "start_expr", "end_expr", "offset_expr", "default_expr"],
      ["function_name", "schema", "catalog", "start", "end", "exclude_clause", "ignore_nulls", "distinct"],
      COMMON_EXPR,
      "window function",
      loc,
    );
    this.exprs(e.children, scope, loc);
    this.exprs(e.partitions, scope, loc);
    this.orders(e.orders, scope, loc);
    this.orders(e.arg_orders, scope, loc);
    for (const k of ["filter_expr", "start_expr", "end_expr", "offset_expr", "default_expr"]) this.expr(e[k], scope, loc);
  }
}

/** A function may be written bare, main.f, system.f or system.main.f; any other qualifier is refused. */
function plainQualifier(fn: Node): boolean {
  const catalog = str(fn.catalog).toLowerCase();
  const schema = str(fn.schema).toLowerCase();
  if (catalog === "") return schema === "" || schema === "main" || schema === "system";
  return catalog === "system" && (schema === "" || schema === "main");
}

function qualifierMessage(fn: Node): string {
  const name = shown(str(fn.function_name), "the function");
  return `${qualified(fn)}(): here a function is called by its plain name (or as main.${name}, system.main.${name}); write ${name}(…) with the value as its first argument.`;
}

function qualified(fn: Node): string {
  const full = [str(fn.catalog), str(fn.schema), str(fn.function_name)].filter(Boolean).join(".");
  return /^[A-Za-z_][A-Za-z0-9_$.]{0,127}$/.test(full) ? full : "This function";
}

function literalString(n: unknown): string | undefined {
  if (!isNode(n) || n.class !== "CONSTANT" || !isNode(n.value) || n.value.is_null) return undefined;
  return typeof n.value.value === "string" ? n.value.value : undefined;
}

/**
 * The first violation in the parse tree of one query (json_serialize_sql output), or undefined
 * when everything in it is on the allow-list. A "forbidden" construct wins over a "memory" one
 * (it is the real problem), then the earliest position in the text.
 */
export function checkTree(tree: unknown, sql: string): Violation | undefined {
  const walker = new Walker(sql);
  if (!isNode(tree) || tree.error !== false || !Array.isArray(tree.statements) || tree.statements.length !== 1) {
    return { kind: "forbidden", message: `The lab could not check this query. ${QUERY_SHAPE}` };
  }
  try {
    walker.statement(tree.statements[0], undefined, undefined);
  } catch {
    // a tree deeper than the stack, say: refused, never waved through
    return { kind: "forbidden", message: `The lab could not check this query. ${QUERY_SHAPE}` };
  }
  const rank = (v: Violation) => (v.kind === "forbidden" ? 0 : 1);
  const at = (v: Violation) => v.position ?? Number.MAX_SAFE_INTEGER;
  const first = walker.found.sort((a, b) => rank(a.v) - rank(b.v) || at(a.v) - at(b.v) || a.order - b.order)[0];
  if (!first) return undefined;
  const { position, ...rest } = first.v;
  return position === undefined ? rest : { ...rest, position };
}

/** The message for a function that does not exist at all (a typo rather than a refusal). */
export function unknownFunctionMessage(name: string): string {
  const what = shown(name, "") ? `There is no function named ${name}()` : "There is no such function";
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of SCALAR) {
    if (!/^[a-z]/.test(candidate)) continue;
    const d = distance(name, candidate, bestDistance);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return `${what}${best ? `; did you mean ${best}()?` : "."} ${FUNCTION_SCOPE}`;
}

/** Levenshtein distance, giving up (returning limit) once it cannot stay below limit. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...row) >= limit) return limit;
    prev = row;
  }
  return prev[b.length];
}
