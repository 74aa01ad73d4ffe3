// A few scalar functions build one huge value from a tiny input (repeat('x', 1e9), range(1e9)):
// that memory is outside DuckDB's memory_limit and the call cannot be interrupted, so it would
// hold a thread for seconds and the process's memory with it. They are allowed only with small
// literal sizes. allowlist.ts calls sizeProblem() for every function call in its walk of the
// parsed query, so one parse serves both checks. This is a tripwire for the obvious cases, not a
// proof: see README.md here, "Limits of the sandbox".
const MAX_SIZE = 10_000;

// function name -> indexes of the arguments that size the result
const SIZED: Record<string, number[]> = {
  repeat: [1],
  lpad: [1],
  rpad: [1],
  list_resize: [1],
  array_resize: [1],
  bar: [3],
};
const RANGES = new Set(["range", "generate_series"]);
const FORMATS = new Set(["printf", "format"]);
/** one object of json_serialize_sql's output */
export type Node = { [key: string]: unknown };
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** The literal value of a constant (through casts and a unary minus), else undefined. */
function literal(n: unknown): unknown {
  if (!isNode(n)) return undefined;
  if (n.class === "CONSTANT" && isNode(n.value)) return n.value.is_null ? null : n.value.value;
  if (n.class === "CAST") return literal(n.child);
  if (n.class === "FUNCTION" && n.function_name === "-" && Array.isArray(n.children) && n.children.length === 1) {
    const v = literal(n.children[0]);
    return typeof v === "number" ? -v : undefined;
  }
  return undefined;
}

function small(n: unknown): boolean {
  const v = literal(n);
  return v === null || (typeof v === "number" && Math.abs(v) <= MAX_SIZE);
}

function rangeIsSmall(args: unknown[]): boolean {
  const nums = args.map(literal);
  if (!nums.every((v) => typeof v === "number")) return false;
  const [a, b, step] = nums.length === 1 ? [0, nums[0] as number, 1] : [nums[0] as number, nums[1] as number, (nums[2] as number | undefined) ?? 1];
  return step !== 0 && Math.abs((b - a) / step) <= MAX_SIZE;
}

function problemOf(fn: Node): string | undefined {
  const name = String(fn.function_name).toLowerCase();
  const args = Array.isArray(fn.children) ? fn.children : [];
  if (SIZED[name]?.some((i) => i < args.length && !small(args[i]))) return `${name}() needs a literal size of at most ${MAX_SIZE.toLocaleString("en")} here.`;
  if (RANGES.has(name) && !rangeIsSmall(args)) {
    return `${name}() as a list needs literal bounds spanning at most ${MAX_SIZE.toLocaleString("en")} values; use it in FROM (FROM range(n)) for more.`;
  }
  if (FORMATS.has(name)) {
    const f = literal(args[0]);
    if (typeof f !== "string" || /\d{5,}/.test(f)) return `${name}() needs a literal format with widths below ${MAX_SIZE.toLocaleString("en")} here.`;
  }
  return undefined;
}

/** Why a call (a FUNCTION node of the parse) may build a value too large to allow, or undefined. */
export function sizeProblem(fn: Node): string | undefined {
  const problem = problemOf(fn);
  return problem && `${problem} Values that large are built outside the lab's memory limit.`;
}
