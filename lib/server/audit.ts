// Used by scripts too, so no "server-only" marker.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Prisma } from "@/lib/generated/prisma/client";

/** every action the audit log records (its filter lists them) */
export const AUDIT_ACTIONS = [
  "signin_failure",
  "signin_throttled",
  "signin_success",
  "signup",
  "role_change",
  "account_deactivated",
  "account_reactivated",
  "password_reset_issued",
  "password_reset_used",
  "password_changed",
  "admin_bootstrap",
  "lab_answer_copied",
  "content_created",
  "content_cloned",
  "content_review_requested",
  "content_published",
  "content_unpublished",
  "content_archived",
  "content_imported",
  "lab_data_uploaded",
  "track_changed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export async function audit(
  db: PrismaClient | Prisma.TransactionClient,
  entry: { action: AuditAction; actorId?: string | null; targetId?: string | null; email?: string | null; ip?: string | null; detail?: Prisma.InputJsonValue },
): Promise<void> {
  await db.auditLog.create({ data: { ...entry } });
}
