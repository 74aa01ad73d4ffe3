"use server";
import { signUpSchema } from "@/lib/schemas/auth";
import { action } from "@/lib/server/action";
import { createAccount } from "@/lib/server/accounts";
import { db } from "@/lib/server/db";

export type SignUpState = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Partial<Record<"name" | "email" | "password", string[]>>;
};

/** Creates a learner account (the form then signs in with it). */
export const signUpAction = action({ access: "anyone", input: signUpSchema }, async ({ input, ip }): Promise<SignUpState> => {
  // an email already in use is a conflict:email AppError: the form shows its field error
  await createAccount(db, input, { ip });
  return { status: "success" };
});
