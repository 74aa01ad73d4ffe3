import { z } from "zod";
import { plainText } from "./text";

export const emailSchema = z
  .string({ error: "Enter your email address" })
  .trim()
  .toLowerCase()
  .max(254, "Email is too long")
  .check(plainText("line"))
  .pipe(z.email({ error: "Enter a valid email address" }));

export const newPasswordSchema = z
  .string({ error: "Enter a password" })
  .min(12, "Use at least 12 characters")
  .max(256, "Use at most 256 characters")
  .check(plainText("secret"));

export const signUpSchema = z.object({
  name: z.string({ error: "Enter your name" }).trim().min(1, "Enter your name").max(100, "Use at most 100 characters").check(plainText("line")),
  email: emailSchema,
  password: newPasswordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(256, "Password is too long").check(plainText("secret")),
});

/** Only same-site paths may be used as a post-sign-in destination. */
export const returnToSchema = z
  .string()
  .max(2000)
  .refine((v) => v.startsWith("/") && !v.startsWith("//") && !v.includes("\\"), "must be a path on this site");

export function safeReturnTo(value: unknown, fallback = "/dashboard"): string {
  const parsed = returnToSchema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

/** /account: the password now, the new one twice */
export const changePasswordSchema = z
  .strictObject({
    current: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(256, "Use at most 256 characters"),
    password: newPasswordSchema,
    confirm: z.string().max(256),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ" })
  .refine((v) => v.password !== v.current, { path: ["password"], message: "Choose a password other than your current one" });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
