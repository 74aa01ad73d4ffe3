"use server";
import { signUpSchema } from "@/lib/schemas/auth";
import { action } from "@/lib/server/action";
import { createAccount } from "@/lib/server/accounts";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";

export type SignUpState = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Partial<Record<"name" | "email" | "password", string[]>>;
};

/** Creates a learner account (the form then signs in with it). */
export const signUpAction = action({ access: "anyone", input: signUpSchema }, async ({ input, ip }): Promise<SignUpState> => {
  const result = await createAccount(db, input, { ip });
  if (!result.ok)
    throw new AppError("conflict:email", "Check the highlighted fields.", {
      fieldErrors: { email: ["An account with this email already exists. Sign in instead."] },
    });
  return { status: "success" };
});
