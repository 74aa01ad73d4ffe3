"use server";
import { revalidatePath } from "next/cache";
import { slugSchema } from "@/lib/schemas/content";
import { getCurrentUser } from "@/lib/server/auth";
import { completeItem } from "@/lib/server/progress";
import { findItemId } from "@/lib/server/tracks";

export type CompleteLessonState = { status: "idle" | "done" | "error"; message?: string };

export async function completeLessonAction(slug: string, _prev: CompleteLessonState, _form: FormData): Promise<CompleteLessonState> {
  const user = await getCurrentUser();
  if (!user) return { status: "error", message: "Sign in to record your progress." };
  const parsed = slugSchema.safeParse(slug);
  const itemId = parsed.success ? await findItemId("lesson", parsed.data) : null;
  if (!itemId) return { status: "error", message: "This lesson does not exist." };
  await completeItem({ userId: user.id, itemId });
  revalidatePath(`/lessons/${parsed.data}`);
  revalidatePath("/dashboard");
  return { status: "done", message: "Lesson completed. Nice work." };
}
