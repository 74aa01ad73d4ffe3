import { z } from "zod";

/**
 * Learner and user text that PostgreSQL cannot store, refused at the boundary.
 *
 * - NUL: neither `text` nor `jsonb` can hold U+0000, so the insert fails.
 * - A lone UTF-16 surrogate (a high one not followed by a low one, or a low
 *   one not preceded by a high one) is not a Unicode character at all: it has
 *   no UTF-8 form, so the write fails (or, worse, is silently turned into
 *   U+FFFD somewhere on the way and no longer matches what was checked).
 * - Other C0 control characters and DEL are storable but never meant: they
 *   come from a binary paste and can hide text in logs and the UI. Which of
 *   them a field refuses is its `TextKind`.
 *
 * No regular expression here: the schemas also run in the browser, and a loop
 * needs no lookbehind support.
 */

export const INVALID_TEXT = "The text contains a NUL byte or invalid Unicode; paste it as plain text.";
export const CONTROL_TEXT = "The text contains control characters; paste it as plain text.";

/**
 * - `line`: one-line values (names, emails, host names, option ids, filters):
 *   every C0 control character and DEL is refused, tab and line breaks too.
 * - `multiline`: SQL and free-text answers: tab, LF and CR are kept, the other
 *   C0 controls and DEL are refused (the same set the lab engine refuses).
 * - `secret`: passwords, which are only hashed and never shown: anything but
 *   NUL and broken Unicode is the user's business.
 */
export type TextKind = "line" | "multiline" | "secret";

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const DEL = 0x7f;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** What is wrong with `value` as a `kind` field, as a message for the user; null when nothing is. */
export function textProblem(value: string, kind: TextKind = "line"): string | null {
  let control = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0) return INVALID_TEXT;
    if (isHigh(code)) {
      // charCodeAt past the end is NaN, which is not a low surrogate either.
      if (!isLow(value.charCodeAt(i + 1))) return INVALID_TEXT;
      i++;
    } else if (isLow(code)) {
      return INVALID_TEXT;
    } else if ((code < 0x20 || code === DEL) && kind !== "secret") {
      if (kind === "line" || (code !== TAB && code !== LF && code !== CR)) control = true;
    }
  }
  return control ? CONTROL_TEXT : null;
}

export function isPlainText(value: string, kind: TextKind = "line"): boolean {
  return textProblem(value, kind) === null;
}

/**
 * A zod check for a string field, e.g. `z.string().trim().max(200).check(plainText("line"))`.
 * Place it after `.trim()` so surrounding whitespace is judged as trimmed. It
 * does not abort, so a union still reports the branch the value was meant for.
 */
export function plainText(kind: TextKind = "line") {
  return z.superRefine<string>((value, ctx) => {
    const message = textProblem(value, kind);
    if (message) ctx.addIssue({ code: "custom", message });
  });
}
