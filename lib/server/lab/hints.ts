import "server-only";
import type { HintRequestInput } from "@/lib/schemas/lab";
import { AppError } from "../errors";
import { db } from "../db";
import { learnerLab } from "./context";
import { loadTaskStates, promptVars, type LabScore } from "./state";
import { recordLabScore } from "./answers";
import type { TaskState } from "@/lib/lab/types";

export type HintResult = { task: TaskState; lab: LabScore };

/** Unlocks hints in order; unlocking again is a no-op, so a cost is paid once. */
export async function unlockHint({ userId, slug, input }: { userId: string; slug: string; input: HintRequestInput }): Promise<HintResult> {
  const { taskId, hintIndex } = input;
  const ctx = await learnerLab(userId, slug);
  const task = ctx?.lab.tasks.find((t) => t.id === taskId);
  if (!ctx || !task) throw new AppError("not_found:task", "There is no such lab or task.");
  const hint = task.hints[hintIndex];
  if (!hint) throw new AppError("invalid:hint", `Task "${taskId}" has no hint ${hintIndex + 1}.`);
  const unlocked = await db.hintUnlock.count({ where: { userId, itemId: ctx.itemId, taskId, hintIndex: { lt: hintIndex } } });
  if (unlocked < hintIndex) throw new AppError("invalid:hint_order", "Unlock the earlier hints first.");
  const created = await db.hintUnlock.createMany({ data: [{ userId, itemId: ctx.itemId, taskId, hintIndex, cost: hint.cost }], skipDuplicates: true });
  if (created.count)
    await db.activityEvent.create({ data: { userId, itemId: ctx.itemId, type: "hint_unlocked", data: { taskId, hintIndex, cost: hint.cost } } });
  const { tasks, score } = await loadTaskStates(ctx.lab, { userId, itemId: ctx.itemId, vars: promptVars(ctx.truth) });
  await recordLabScore(ctx, score);
  return { task: tasks.find((t) => t.id === taskId)!, lab: score };
}
