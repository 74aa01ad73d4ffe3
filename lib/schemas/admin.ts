import { z } from "zod";
import { newPasswordSchema } from "./auth";
import { plainText } from "./text";

export const ROLES = ["learner", "instructor", "admin"] as const;
const uuid = z.uuid({ error: "Unknown user" });
/** a page number of a listing (the query string's `page`) */
export const page = z.coerce.number().int().min(1).max(100_000).default(1);
/** an optional text filter: empty means none */
export const filterText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .check(plainText("line"))
    .optional()
    .transform((v) => (v ? v : undefined));
/** a date field of a filter form (yyyy-mm-dd, UTC); empty means none */
export const day = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(z.iso.date({ error: "Use a date like 2026-03-09" }).optional());

const DAY_MS = 86_400_000;
/** a filter's days (UTC, both inclusive) as instants: [from, to), either end null when open */
export function dayRange(f: { from?: string; to?: string }): { from: Date | null; to: Date | null } {
  return {
    from: f.from ? new Date(`${f.from}T00:00:00Z`) : null,
    to: f.to ? new Date(Date.parse(`${f.to}T00:00:00Z`) + DAY_MS) : null,
  };
}

/** /admin/users?q=&role=&status=&page= */
export const userListSchema = z.strictObject({
  q: filterText(200),
  role: z
    .enum(ROLES)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  status: z
    .enum(["active", "inactive"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
  page,
});
export type UserListInput = z.infer<typeof userListSchema>;

export const roleChangeSchema = z.strictObject({ userId: uuid, role: z.enum(ROLES, { error: "Choose learner, instructor or admin" }) });
export const setActiveSchema = z.strictObject({
  userId: uuid,
  active: z.enum(["true", "false"], { error: "Say whether the account is active" }).transform((v) => v === "true"),
});
export const userIdSchema = z.strictObject({ userId: uuid });

/** a reset link's token: 32 random bytes, base64url */
export const resetTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid.");
export const resetPasswordSchema = z
  .strictObject({ token: resetTokenSchema, password: newPasswordSchema, confirm: z.string().max(256) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ" });

/** /admin/audit?actor=&action=&from=&to=&page= (the CSV export takes the same filters) */
export const auditFilterSchema = z
  .strictObject({
    actor: filterText(254),
    action: z
      .string()
      .trim()
      .regex(/^[a-z_]{0,40}$/, "Choose an action from the list")
      .optional()
      .transform((v) => (v ? v : undefined)),
    from: day,
    to: day,
    page,
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: "The end date is before the start date" });
export type AuditFilter = z.infer<typeof auditFilterSchema>;
