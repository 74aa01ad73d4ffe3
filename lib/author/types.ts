// What /author's server functions return to its pages and components (no keys beyond what an
// author may see of their own item).
import type { Problem } from "@/lib/content/definition";
import type { LintProblem } from "@/lib/content/lint";
import type { DetectionCounts } from "@/lib/lab/grade";
import type { TaskState } from "@/lib/lab/types";
import type { PublicQuiz } from "@/lib/quiz/public";

export type ContentStateName = "draft" | "in_review" | "published" | "archived";

export type LabPreview = { title: string; summary: string; briefingHtml: string; tasks: TaskState[]; maxScore: number };
export type Preview = { ok: false; problems: Problem[] } | { ok: true; kind: "quiz"; quiz: PublicQuiz } | { ok: true; kind: "lab"; lab: LabPreview };

export type TaskCheck = { id: string; title: string; passed: boolean; message: string; counts?: DetectionCounts };
export type Verification = { ok: boolean; at: string; number: number; checks: TaskCheck[]; problems: LintProblem[] };

export type EditorVersion = { id: string; number: number; state: ContentStateName; updatedAt: string; publishedAt: string | null; origin: string };
export type EditorView = {
  item: { id: string; kind: "lesson" | "quiz" | "lab"; slug: string; title: string; state: ContentStateName; mine: boolean };
  /** the version the editor opens: the draft if there is one, else the newest version (read-only) */
  version: EditorVersion & { source: string; editable: boolean; verification: Verification | null; verified: boolean };
  versions: EditorVersion[];
  data: { fileName: string; eventCount: number; bytes: number; labels: Record<string, number> } | null;
  learners: number;
};
