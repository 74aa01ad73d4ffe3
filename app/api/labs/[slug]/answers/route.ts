import { labAnswerSchema } from "@/lib/schemas/lab";
import { submitLabAnswer } from "@/lib/server/lab/answers";
import { route } from "@/lib/server/route";

/** Submit an answer to one lab task; graded against the learner's own variant. */
export const POST = route({ access: "signed-in", input: labAnswerSchema, maxBytes: 128 * 1024 }, async ({ user, slug, input, ip }) =>
  Response.json(await submitLabAnswer({ userId: user.id, slug, input, ip }), { status: 201 }),
);
