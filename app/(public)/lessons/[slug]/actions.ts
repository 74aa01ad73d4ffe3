"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { slugSchema } from "@/lib/schemas/content";
import { action } from "@/lib/server/action";
import { AppError } from "@/lib/server/errors";
import { completeItem } from "@/lib/server/progress";
import { findItemId } from "@/lib/server/tracks";

export type CompleteLessonState = { status: "idle" | "done" | "error"; message?: string };

/** Marks a lesson complete for the signed-in learner (the form carries the lesson's slug). */
export const completeLessonAction = action(
  { access: "signed-in", input: z.strictObject({ slug: slugSchema }) },
  async ({ user, input }): Promise<CompleteLessonState> => {
    const itemId = await findItemId("lesson", input.slug);
    if (!itemId) throw new AppError("not_found:lesson", "This lesson does not exist.");
    await completeItem({ userId: user.id, itemId });
    revalidatePath(`/lessons/${input.slug}`);
    revalidatePath("/dashboard");
    return { status: "done", message: "Lesson completed. Nice work." };
  },
);
