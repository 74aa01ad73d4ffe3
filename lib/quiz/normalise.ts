// Pure helpers that turn learner input into comparable values. Shared by the
// quiz schema (to validate authored keys) and the grader, so both sides of a
// comparison are always normalised the same way.

export type DatePrecision = "year" | "month" | "day";

export interface DateParts {
  year: number;
  month?: number;
  day?: number;
}

// NFKC folds look-alike code points (full-width letters, ligatures, "…") into
// their plain forms, so a learner on an unusual keyboard layout is not marked
// wrong for typing the "same" word.
export function normaliseText(input: string): string {
  return input.normalize("NFKC").trim().replace(/\s+/gu, " ").toLowerCase().replace(/\.$/u, "").trimEnd();
}

// Anchoring makes the pattern describe the whole answer: "zk" must not accept
// "zk is not it". Compiling the bare pattern first rejects unbalanced input
// such as "zk)|(.*", which would otherwise escape the anchors once wrapped.
export function compileAnswerPattern(pattern: string): RegExp {
  new RegExp(pattern, "u");
  return new RegExp(`^(?:${pattern})$`, "iu");
}

// A quantified group whose body is itself quantified, e.g. (a+)+ or (\w*){2,},
// is the classic shape of catastrophic backtracking. This is a heuristic on top
// of the input length cap, not a proof of safety.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,?\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,?\d*\})/u;

export function hasNestedQuantifier(pattern: string): boolean {
  return NESTED_QUANTIFIER.test(pattern);
}

export interface ShortTextKey {
  accept: readonly string[];
  pattern?: string | undefined;
  maxLength: number;
}

export function matchesShortText(key: ShortTextKey, raw: string): boolean {
  if (raw.length > key.maxLength) return false;
  const answer = normaliseText(raw);
  // NFKC can expand a single code point into many, so cap the normalised form
  // too before it reaches the regular expression.
  if (answer === "" || answer.length > key.maxLength) return false;
  if (key.accept.some((accepted) => normaliseText(accepted) === answer)) return true;
  return key.pattern !== undefined && compileAnswerPattern(key.pattern).test(answer);
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/iu;

// Accepts JSON numbers and plain decimal strings; rejects "", "0x10", "1,000"
// and friends rather than guessing what the learner meant.
export function parseNumberAnswer(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const text = value.normalize("NFKC").trim();
  if (text.length === 0 || text.length > 40 || !NUMERIC.test(text)) return null;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : null;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

// Any prefix of at least three letters counts ("aug", "sept", "august"), so
// common abbreviations work while "augustus" or "marching" do not.
function monthFromName(word: string): number | undefined {
  if (word.length < 3) return undefined;
  const index = MONTHS.findIndex((name) => name.startsWith(word));
  return index === -1 ? undefined : index + 1;
}

function validParts(year: number, month?: number, day?: number): DateParts | null {
  if (year < 1000 || year > 9999) return null;
  if (month === undefined) return { year };
  if (month < 1 || month > 12) return null;
  if (day === undefined) return { year, month };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth ? { year, month, day } : null;
}

const ISO_LIKE = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/u;
const DAY = /^(\d{1,2})(?:st|nd|rd|th)?$/u;
const YEAR = /^\d{4}$/u;

// Accepted shapes: "2025", "2025-08", "2025-08-14" (also with / or .),
// "August 2025", "Aug 2025", "Aug. 14, 2025", "14 August 2025". Day-first or
// month-first all-numeric forms such as 08/14/2025 are ambiguous across
// locales, so they are rejected instead of guessed.
export function parseDateAnswer(input: string): DateParts | null {
  const text = input.normalize("NFKC").trim().toLowerCase();
  if (text.length === 0 || text.length > 40) return null;
  const iso = ISO_LIKE.exec(text);
  if (iso) {
    const [, y, m, d] = iso;
    return validParts(Number(y), m === undefined ? undefined : Number(m), d === undefined ? undefined : Number(d));
  }
  const words = text.replace(/[.,]/gu, " ").split(/\s+/u).filter(Boolean);
  const year = words.at(-1);
  if (year === undefined || !YEAR.test(year)) return null;
  const rest = words.slice(0, -1);
  if (rest.length === 1) {
    const month = monthFromName(rest[0]);
    return month === undefined ? null : validParts(Number(year), month);
  }
  if (rest.length === 2) {
    const [first, second] = rest;
    const monthFirst = monthFromName(first);
    const dayMatch = DAY.exec(monthFirst === undefined ? first : second);
    const month = monthFirst ?? monthFromName(second);
    if (month === undefined || !dayMatch) return null;
    return validParts(Number(year), month, Number(dayMatch[1]));
  }
  return null;
}

export function precisionOf(parts: DateParts): DatePrecision {
  if (parts.day !== undefined) return "day";
  return parts.month !== undefined ? "month" : "year";
}

// A learner answer counts when it names the same period at the key's
// precision; extra detail is fine (14 Aug 2025 is inside August 2025), missing
// detail is not (2025 does not pin down the month).
export function matchesDate(key: DateParts, precision: DatePrecision, raw: string): boolean {
  const given = parseDateAnswer(raw);
  if (!given || given.year !== key.year) return false;
  if (precision === "year") return true;
  if (given.month !== key.month) return false;
  return precision === "month" || given.day === key.day;
}
