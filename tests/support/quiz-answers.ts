import type { Quiz } from "@/lib/schemas/quiz";

/** Answers built from the key itself: all right, or all wrong. */
export function rightAnswers(quiz: Quiz): Record<string, string | string[] | number> {
  return Object.fromEntries(
    quiz.questions.map((q) => {
      switch (q.type) {
        case "single":
          return [q.id, q.answer];
        case "multiple":
          return [q.id, q.answers];
        case "short_text":
          return [q.id, q.accept[0]];
        case "number":
          return [q.id, String(q.answer)];
        case "date":
          return [q.id, String(q.answer)];
      }
    }),
  );
}

export function wrongAnswers(quiz: Quiz): Record<string, string | string[] | number> {
  return Object.fromEntries(
    quiz.questions.map((q) => {
      switch (q.type) {
        case "single":
          return [q.id, q.options.find((o) => o.id !== q.answer)!.id];
        case "multiple":
          return [
            q.id,
            q.options
              .filter((o) => !q.answers.includes(o.id))
              .map((o) => o.id)
              .slice(0, 1),
          ];
        case "short_text":
          return [q.id, "definitely not it"];
        case "number":
          return [q.id, String(q.answer + 1000)];
        case "date":
          return [q.id, "1999"];
      }
    }),
  );
}
