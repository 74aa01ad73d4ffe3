import "server-only";
import { z } from "zod";
import { hintRequestSchema } from "@/lib/schemas/lab";
import { db } from "../db";
import { labFile, learnerLab } from "./context";
import { loadTaskStates, promptVars, type LabScore } from "./state";
import { recordLabScore } from "./answers";
import type { TaskState } from "@/lib/lab/types";

export type HintResult = { ok: true; task: TaskState; lab: LabScore } | { ok: false; status: 400 | 404; message: string };

/** Unlocks hints in order; unlocking again is a no-op, so a cost is paid once. */
export async function unlockHint({ userId, slug, body }: { userId: string; slug: string; body: unknown }): Promise<HintResult> {
  const parsed = hintRequestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, message: z.prettifyError(parsed.error) };
  const { taskId, hintIndex } = parsed.data;
  const task = labFile(slug)?.tasks.find((t) => t.id === taskId);
  const ctx = task ? await learnerLab(userId, slug) : null;
  if (!ctx || !task) return { ok: false, status: 404, message: "There is no such lab or task." };
  const hint = task.hints[hintIndex];
  if (!hint) return { ok: false, status: 400, message: `Task "${taskId}" has no hint ${hintIndex + 1}.` };
  const unlocked = await db.hintUnlock.count({ where: { userId, itemId: ctx.itemId, taskId, hintIndex: { lt: hintIndex } } });
  if (unlocked < hintIndex) return { ok: false, status: 400, message: "Unlock the earlier hints first." };
  const created = await db.hintUnlock.createMany({ data: [{ userId, itemId: ctx.itemId, taskId, hintIndex, cost: hint.cost }], skipDuplicates: true });
  if (created.count)
    await db.activityEvent.create({ data: { userId, itemId: ctx.itemId, type: "hint_unlocked", data: { taskId, hintIndex, cost: hint.cost } } });
  const { tasks, score } = await loadTaskStates(ctx.lab, { userId, itemId: ctx.itemId, vars: promptVars(ctx.truth) });
  await recordLabScore(ctx, score);
  return { ok: true, task: tasks.find((t) => t.id === taskId)!, lab: score };
}
