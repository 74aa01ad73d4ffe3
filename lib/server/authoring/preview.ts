import "server-only";
import { parseDefinition } from "@/lib/content/definition";
import { renderMarkdown } from "@/lib/content/markdown";
import type { Preview } from "@/lib/author/types";
import { toPublicQuiz } from "@/lib/quiz/public";
import type { Lab } from "@/lib/schemas/lab";
import type { Quiz } from "@/lib/schemas/quiz";
import type { CurrentUser } from "../auth";
import { taskState } from "../lab/state";
import { itemFor } from "./access";

/**
 * The learner's view of a definition, built by the same functions the learner pages use (so no key,
 * no truth, no locked hint text reaches the preview either); prompts keep their {{placeholders}},
 * which each learner sees filled with their own values.
 */
export async function previewDefinition(user: CurrentUser, input: { itemId: string; source: string }): Promise<Preview> {
  const item = await itemFor(user, input.itemId, "read");
  if (item.kind === "lesson") return { ok: false, problems: [{ message: "Lessons are previewed on their page.", path: "(root)", line: 1, column: 1 }] };
  const parsed = parseDefinition(item.kind, input.source);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  if (item.kind === "quiz") return { ok: true, kind: "quiz", quiz: toPublicQuiz(parsed.definition as Quiz, "preview") };
  const lab = parsed.definition as Lab;
  return {
    ok: true,
    kind: "lab",
    lab: {
      title: lab.title,
      summary: lab.summary,
      briefingHtml: renderMarkdown(lab.briefing).html,
      tasks: lab.tasks.map((t) => taskState(t, [], new Set(), {})),
      maxScore: lab.tasks.reduce((s, t) => s + t.points, 0),
    },
  };
}
