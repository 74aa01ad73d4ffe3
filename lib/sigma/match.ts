// One Sigma value against one column, as a DuckDB SQL predicate. Values come from learners, so
// every one of them reaches the SQL as a string literal (quote) and nothing else: wildcards turn
// into LIKE patterns with an explicit ESCAPE, regular expressions are vetted for RE2 and for
// catastrophic backtracking, CIDR ranges become numbers and hex prefixes computed here.
import { regexProblem } from "@/lib/content/regex-safety";

/** A SQL string literal. DuckDB's '...' strings know no backslash escapes: doubling ' is all there is. */
export const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

export const MAX_REGEX_LENGTH = 500;

/** A Sigma string after its escapes are read: literal text and the two wildcards. */
export type Piece = { text: string } | "*" | "?";

/**
 * Sigma's escape rules: \* \? and \\ are the literal characters, a backslash before anything else
 * (or at the end) is itself, so C:\Windows needs no doubling.
 */
export function parseWildcards(value: string): Piece[] {
  const out: Piece[] = [];
  let text = "";
  const flush = () => {
    if (text) out.push({ text });
    text = "";
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    // (a backslash at the very end is itself: "".includes would say every string contains it)
    if (c === "\\" && i + 1 < value.length && "*?\\".includes(value[i + 1])) text += value[++i];
    else if (c === "*" || c === "?") {
      flush();
      // ** matches what * does; keeping one keeps the contains/startswith shapes recognisable
      if (!(c === "*" && out.at(-1) === "*")) out.push(c);
    } else text += c;
  }
  flush();
  return out;
}

/** A literal compared with lower(column): ASCII is lowered here for a readable query, anything else by DuckDB's own lower(). */
const folded = (s: string, cased: boolean) => (cased ? quote(s) : /^[\x00-\x7f]*$/.test(s) ? quote(s.toLowerCase()) : `lower(${quote(s)})`);

const likePattern = (pieces: Piece[]) => pieces.map((p) => (p === "*" ? "%" : p === "?" ? "_" : p.text.replace(/[\\%_]/g, (c) => `\\${c}`))).join("");

/**
 * Whether `column` matches the Sigma pattern; case-insensitive unless `cased`. The shapes Sigma's
 * contains/startswith/endswith produce use DuckDB's plain string functions, the rest LIKE.
 */
export function stringMatch(column: string, pieces: Piece[], cased: boolean): string {
  const col = cased ? column : `lower(${column})`;
  const [first, middle, last] = pieces;
  const literal = (p: Piece | undefined): p is { text: string } => typeof p === "object";
  if (pieces.length === 0) return `${col} = ''`;
  if (pieces.length === 1 && literal(first)) return `${col} = ${folded(first.text, cased)}`;
  if (pieces.length === 2 && first === "*" && literal(middle)) return `ends_with(${col}, ${folded(middle.text, cased)})`;
  if (pieces.length === 2 && literal(first) && middle === "*") return `starts_with(${col}, ${folded(first.text, cased)})`;
  if (pieces.length === 3 && first === "*" && literal(middle) && last === "*") return `contains(${col}, ${folded(middle.text, cased)})`;
  return `${col} LIKE ${folded(likePattern(pieces), cased)} ESCAPE '\\'`;
}

// --- regular expressions -------------------------------------------------------------------

const ESCAPES = "dDwWsSbBtnrfv";

/**
 * What in a pattern RE2 (DuckDB's engine) would refuse or read differently from JavaScript, where
 * the backtracking check runs. The pattern is also valid JavaScript (regexProblem), so this only
 * has to catch the constructs the two disagree on.
 */
function re2Problem(p: string): string | null {
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      const n = p[i + 1] ?? "";
      if (/[1-9]/.test(n) || n === "k") return "uses a backreference (\\1, \\k<name>), which RE2, DuckDB's regular expression engine, does not support";
      if (n === "x" && /^[0-9A-Fa-f]{2}$/.test(p.slice(i + 2, i + 4))) i += 2;
      else if (/[A-Za-z0-9]/.test(n) && (!ESCAPES.includes(n) || (inClass && "bB".includes(n)))) {
        return `uses the escape \\${n}, which is not supported here (supported: \\d \\w \\s \\b and their negations, \\t \\n \\r \\f \\v, \\xHH, and a backslash before punctuation)`;
      }
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
      else if (c === "[" && p[i + 1] === ":") return "uses [: inside a character class, which RE2 reads as a POSIX class; escape the [";
    } else if (c === "[") {
      inClass = true;
      if (p[i + 1] === "^") i++;
      // JavaScript's [] and [^] mean "nothing" and "anything"; RE2 takes the ] as a member
      if (p[i + 1] === "]") return "starts a character class with ], which RE2 and JavaScript read differently; escape it as \\]";
    } else if (c === "(" && p[i + 1] === "?" && p[i + 2] !== ":") {
      if (/^\((\?=|\?!|\?<=|\?<!)/.test(p.slice(i))) return "uses a lookahead or lookbehind, which RE2, DuckDB's regular expression engine, does not support";
      return "uses a (?...) group other than (?:...); named groups and inline flags are not supported (use the modifiers re|i, re|m, re|s for flags)";
    } else if (c === "{") {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(p.slice(i));
      if (m && Math.max(Number(m[1]), Number(m[2] || 0)) > 1000) return "repeats more than 1000 times ({n,m} above 1000), which RE2 does not support";
    }
  }
  return null;
}

/** Why the pattern cannot be used (null when it can), as a clause after "the regular expression ...". */
export function regexValueProblem(pattern: string, flags: string): string | null {
  if (pattern.length > MAX_REGEX_LENGTH) return `is ${pattern.length} characters long; the limit is ${MAX_REGEX_LENGTH}`;
  // the RE2 check first: it is cheap, and names the construct where the analysis would only fail on it
  return re2Problem(pattern) ?? regexProblem(pattern, flags, { maxLength: MAX_REGEX_LENGTH })?.replace(/^the pattern /, "") ?? null;
}

/** Sigma's re searches (matches anywhere); the i, m and s sub-modifiers become RE2's inline flags. */
export const regexMatch = (column: string, pattern: string, flags: string) => `regexp_matches(${column}, ${quote(flags ? `(?${flags})${pattern}` : pattern)})`;

// --- CIDR -----------------------------------------------------------------------------------

const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
const H = "[0-9a-f]{1,4}";
// every way of writing an IPv6 address with or without ::, embedded IPv4 and zone ids excepted
const IPV6 = [
  `(?:${H}:){7}${H}`,
  `(?:${H}:){1,7}:`,
  `(?:${H}:){1,6}:${H}`,
  `(?:${H}:){1,5}(?::${H}){1,2}`,
  `(?:${H}:){1,4}(?::${H}){1,3}`,
  `(?:${H}:){1,3}(?::${H}){1,4}`,
  `(?:${H}:){1,2}(?::${H}){1,5}`,
  `${H}:(?::${H}){1,6}`,
  `:(?:(?::${H}){1,7}|:)`,
].join("|");

export type Cidr = { version: 4; low: number; high: number } | { version: 6; prefix: string };

/** The 32 hex digits of an IPv6 address (lower case), or undefined when it is not one. */
function ipv6Hex(address: string): string | undefined {
  if (!new RegExp(`^(?:${IPV6})$`).test(address)) return undefined;
  const groups = address.includes("::")
    ? (() => {
        const [left, right] = address.split("::").map((s) => (s ? s.split(":") : []));
        return [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
      })()
    : address.split(":");
  return groups.map((g) => g.padStart(4, "0")).join("");
}

/** A CIDR range (a bare address is a /32 or /128), or why it is not one. */
export function parseCidr(value: string): Cidr | string {
  const m = /^([^/]*)(?:\/(\d{1,3}))?$/.exec(value.trim().toLowerCase());
  if (!m) return "is not a CIDR range such as 10.0.0.0/8 or 2001:db8::/32";
  const [, address, bits] = m;
  if (new RegExp(`^${IPV4}$`).test(address)) {
    const prefix = bits === undefined ? 32 : Number(bits);
    if (prefix > 32) return "has an IPv4 prefix length above 32";
    const ip = address.split(".").reduce((n, o) => n * 256 + Number(o), 0);
    const size = 2 ** (32 - prefix);
    if (ip % size !== 0)
      return `has host bits set; the network is ${[24, 16, 8, 0].map((s) => (Math.floor((ip - (ip % size)) / 2 ** s) % 256).toString()).join(".")}/${prefix}`;
    return { version: 4, low: ip, high: ip + size - 1 };
  }
  const hex = ipv6Hex(address);
  if (!hex) return "is not a CIDR range such as 10.0.0.0/8 or 2001:db8::/32 (IPv4-embedded IPv6 and zone ids are not supported)";
  const prefix = bits === undefined ? 128 : Number(bits);
  if (prefix > 128) return "has an IPv6 prefix length above 128";
  const full = Math.floor(prefix / 4);
  const rest = prefix % 4;
  const nibble = rest ? parseInt(hex[full], 16) : 0;
  const span = 2 ** (4 - rest);
  if (!/^0*$/.test(hex.slice(full + (rest ? 1 : 0))) || nibble % span !== 0) return "has host bits set below its prefix length";
  // the range as a regular expression over the 32 hex digits: whole digits, then the one digit the prefix cuts
  const partial = rest ? `[${Array.from({ length: span }, (_, k) => (nibble + k).toString(16)).join("")}]` : "";
  return { version: 6, prefix: `^${hex.slice(0, full)}${partial}` };
}

/** The address in `column` as a number (IPv4), valid only where the column holds a dotted quad. */
const ipv4Number = (column: string) =>
  [16777216, 65536, 256, 1].map((f, k) => `TRY_CAST(split_part(${column}, '.', ${k + 1}) AS BIGINT)${f === 1 ? "" : ` * ${f}`}`).join(" + ");

/** The address in `column` as 32 hex digits (IPv6): :: expanded to the zero groups it stands for, each group padded to 4. */
function ipv6Digits(column: string): string {
  const s = `lower(${column})`;
  const present = `len(list_filter(string_split(${s}, ':'), lambda g: g <> ''))`;
  const expanded = `replace(${s}, '::', ':' || substring('0:0:0:0:0:0:0:0:', 1, 2 * greatest(0, 8 - ${present})))`;
  return `array_to_string(list_transform(list_filter(string_split(${expanded}, ':'), lambda g: g <> ''), lambda g: lpad(g, 4, '0')), '')`;
}

/** Whether `column` holds an address in any (all, with `every`) of the ranges. */
export function cidrMatch(column: string, ranges: Cidr[], every: boolean): string {
  const op = every ? " AND " : " OR ";
  const parts: string[] = [];
  const v4 = ranges.filter((r) => r.version === 4);
  const v6 = ranges.filter((r) => r.version === 6);
  if (v4.length) {
    const n = ipv4Number(column);
    const tests = v4.map((r) => `(${n}) BETWEEN ${r.low} AND ${r.high}`);
    parts.push(`(regexp_full_match(${column}, ${quote(IPV4)}) AND (${tests.join(op)}))`);
  }
  if (v6.length) {
    const digits = ipv6Digits(column);
    const tests = v6.map((r) => `regexp_matches(${digits}, ${quote(r.prefix)})`);
    parts.push(`(regexp_full_match(lower(${column}), ${quote(IPV6)}) AND (${tests.join(op)}))`);
  }
  // an address is one version: "all" across both versions can never hold
  if (every && v4.length && v6.length) return "false";
  return parts.length === 1 ? parts[0] : `(${parts.join(" OR ")})`;
}
