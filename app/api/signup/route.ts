import { signUpSchema } from "@/lib/schemas/auth";
import { route } from "@/lib/server/route";
import { signUp } from "@/lib/server/sign-up";

/** Creates a learner account (the form then signs in with it); limited per source address (429 with Retry-After). */
export const POST = route({ access: "anyone", input: signUpSchema, maxBytes: 4096 }, async ({ input, ip }) => {
  await signUp(input, ip);
  return Response.json({ status: "success" }, { status: 201 });
});
