import type { QuizInput } from "@/lib/schemas/quiz";

/** A valid quiz with one question of each type, for schema tests; a fresh copy per call. */
export function sampleQuiz(): QuizInput {
  return {
    kind: "quiz",
    slug: "sample",
    title: "Sample",
    summary: "A sample quiz.",
    lesson: "sample-lesson",
    questions: [
      {
        id: "one",
        type: "single",
        prompt: "Pick A",
        explanation: "A is right.",
        options: [
          { id: "a", text: "A" },
          { id: "b", text: "B" },
        ],
        answer: "a",
      },
      {
        id: "many",
        type: "multiple",
        prompt: "Pick A and B",
        explanation: "Both.",
        options: [
          { id: "a", text: "A" },
          { id: "b", text: "B" },
          { id: "c", text: "C" },
        ],
        answers: ["a", "b"],
      },
      { id: "word", type: "short_text", prompt: "Say hi", explanation: "Hi.", accept: ["hi"], maxLength: 20 },
      { id: "year", type: "number", prompt: "Year?", explanation: "2014.", answer: 2014 },
      { id: "when", type: "date", prompt: "When?", explanation: "Aug 2025.", answer: "2025-08" },
    ],
  };
}
