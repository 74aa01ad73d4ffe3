import { submissionEnvelopeSchema } from "@/lib/schemas/quiz";
import { submitQuizAttempt } from "@/lib/server/quiz";
import { route } from "@/lib/server/route";

/** Submit one quiz attempt. The learner is the session's user, never a field of the body. */
export const POST = route({ access: "signed-in", input: submissionEnvelopeSchema, maxBytes: 64 * 1024 }, async ({ user, slug, input, ip }) =>
  Response.json(await submitQuizAttempt({ userId: user.id, slug, input, ip }), { status: 201 }),
);
