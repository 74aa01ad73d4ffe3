"use server";
import { headers } from "next/headers";
import { z } from "zod";
import { signUpSchema } from "@/lib/schemas/auth";
import { createAccount } from "@/lib/server/accounts";
import { db } from "@/lib/server/db";
import { clientIpFromHeaders } from "@/lib/server/request-ip";

export type SignUpState = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Partial<Record<"name" | "email" | "password", string[]>>;
};

export async function signUpAction(formData: FormData): Promise<SignUpState> {
  const parsed = signUpSchema.safeParse({ name: formData.get("name"), email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) return { status: "error", fieldErrors: z.flattenError(parsed.error).fieldErrors, message: "Check the highlighted fields." };
  const ip = clientIpFromHeaders(await headers());
  const result = await createAccount(db, parsed.data, { ip });
  if (!result.ok) return { status: "error", fieldErrors: { email: ["An account with this email already exists. Sign in instead."] } };
  return { status: "success" };
}
