// The condition of a Sigma rule, parsed to a tree. Precedence, loosest first, as the specification
// gives it: or, and, not, "1 of"/"all of", brackets. Keywords are read in any case, as pySigma
// does. Aggregations (| count() ...) and near belong to the old correlation syntax and are refused
// by name, so a learner sees why rather than a bare syntax error.

export const MAX_CONDITION_LENGTH = 4096;
export const MAX_CONDITION_DEPTH = 50;

/** Search-identifier names, and the patterns of "1 of"/"all of" (which may add *). */
export const IDENTIFIER = /^[A-Za-z0-9_-]{1,100}$/;
export const KEYWORDS = new Set(["and", "or", "not", "of", "them", "all"]);

export type Condition =
  | { kind: "and" | "or"; items: Condition[] }
  | { kind: "not"; item: Condition }
  | { kind: "ref"; name: string; at: number }
  /** pattern "them" is every identifier not starting with _ */
  | { kind: "of"; quantifier: "1" | "all"; pattern: string; at: number };

export type ConditionResult = { ok: true; condition: Condition } | { ok: false; message: string; at: number };

type Token = { text: string; at: number };

class ConditionError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|[()]|[A-Za-z0-9_*-]+|./gy;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [t] = m;
    if (/^\s/.test(t)) continue;
    if (t === "|")
      throw new ConditionError("aggregation expressions (| count() by ..., | near ...) are not supported here; correlation rules are not either", m.index);
    if (!/^[()]$|^[A-Za-z0-9_*-]+$/.test(t)) {
      throw new ConditionError(
        `unexpected character ${/^[\x21-\x7e]$/.test(t) ? `"${t}"` : "here"}; a condition uses search identifiers, and, or, not, brackets, 1 of and all of`,
        m.index,
      );
    }
    tokens.push({ text: t, at: m.index });
  }
  return tokens;
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly end: number,
  ) {}

  private peek = () => this.tokens[this.i];
  private is = (word: string) => this.peek()?.text.toLowerCase() === word;
  private where = () => this.peek()?.at ?? this.end;

  parse(): Condition {
    if (!this.tokens.length) throw new ConditionError("the condition is empty", 0);
    const c = this.or();
    const rest = this.peek();
    if (rest) throw new ConditionError(rest.text === ")" ? "unbalanced )" : `expected and, or or the end of the condition, found "${rest.text}"`, rest.at);
    return c;
  }

  private nested<T>(at: number, f: () => T): T {
    if (++this.depth > MAX_CONDITION_DEPTH) throw new ConditionError(`the condition is nested more than ${MAX_CONDITION_DEPTH} levels deep`, at);
    const r = f();
    this.depth--;
    return r;
  }

  private chain(kind: "and" | "or", next: () => Condition): Condition {
    const items = [next()];
    while (this.is(kind)) {
      this.i++;
      items.push(next());
    }
    return items.length === 1 ? items[0] : { kind, items };
  }

  private or = (): Condition => this.chain("or", this.and);
  private and = (): Condition => this.chain("and", this.not);

  private not = (): Condition => {
    if (!this.is("not")) return this.primary();
    const at = this.peek().at;
    this.i++;
    return this.nested(at, () => ({ kind: "not", item: this.not() }));
  };

  private primary(): Condition {
    const t = this.peek();
    if (!t) throw new ConditionError("the condition ends too early: a search identifier, not, ( or 1 of / all of is missing", this.end);
    if (t.text === "(") {
      this.i++;
      const c = this.nested(t.at, this.or);
      if (this.peek()?.text !== ")") throw new ConditionError("missing )", this.where());
      this.i++;
      return c;
    }
    if (t.text === ")") throw new ConditionError("unexpected )", t.at);
    const word = t.text.toLowerCase();
    if (this.tokens[this.i + 1]?.text.toLowerCase() === "of") {
      if (word !== "1" && word !== "all") throw new ConditionError(`"${t.text} of" is not supported; use 1 of or all of`, t.at);
      this.i += 2;
      const p = this.peek();
      if (!p || p.text === "(" || p.text === ")" || (KEYWORDS.has(p.text.toLowerCase()) && p.text.toLowerCase() !== "them")) {
        throw new ConditionError(`${word} of needs a search-identifier pattern (such as selection*) or them`, this.where());
      }
      this.i++;
      const pattern = p.text.toLowerCase() === "them" ? "them" : p.text;
      if (!IDENTIFIER.test(pattern.replaceAll("*", "x"))) throw new ConditionError(`"${pattern.slice(0, 100)}" is not a search-identifier pattern`, p.at);
      return { kind: "of", quantifier: word, pattern, at: t.at };
    }
    if (KEYWORDS.has(word)) throw new ConditionError(`unexpected "${t.text}": a search identifier, not, ( or 1 of / all of belongs here`, t.at);
    if (t.text.includes("*")) throw new ConditionError(`the pattern "${t.text.slice(0, 100)}" needs 1 of or all of in front of it`, t.at);
    if (!IDENTIFIER.test(t.text)) throw new ConditionError(`"${t.text.slice(0, 100)}…" is not a search identifier`, t.at);
    this.i++;
    return { kind: "ref", name: t.text, at: t.at };
  }
}

/** Parses a condition; `at` in a failure is the offset in `text` the problem is at. Never throws. */
export function parseCondition(text: string): ConditionResult {
  if (text.length > MAX_CONDITION_LENGTH)
    return { ok: false, message: `the condition is ${text.length} characters long; the limit is ${MAX_CONDITION_LENGTH}`, at: 0 };
  try {
    return { ok: true, condition: new Parser(tokenize(text), text.length).parse() };
  } catch (err) {
    if (err instanceof ConditionError) return { ok: false, message: err.message, at: err.at };
    throw err;
  }
}

/** Whether a search identifier matches a "1 of"/"all of" pattern (* is any run of characters). */
export function matchesPattern(name: string, pattern: string): boolean {
  if (pattern === "them") return !name.startsWith("_");
  // a pattern holds only letters, digits, _, - and *, none of them special in a RegExp outside a class
  return new RegExp(`^${pattern.split("*").join(".*")}$`).test(name);
}
