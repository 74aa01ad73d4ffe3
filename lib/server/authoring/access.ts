import "server-only";
import type { Role } from "@/lib/generated/prisma/enums";
import type { CurrentUser } from "../auth";
import { AppError } from "../errors";
import { db } from "../db";

/** Who may open /author and call its routes and actions. */
export const AUTHOR_ROLES = ["instructor", "admin"] as const satisfies readonly Role[];

export type AuthorItem = {
  id: string;
  kind: "lesson" | "quiz" | "lab";
  slug: string;
  title: string;
  state: "draft" | "in_review" | "published" | "archived";
  /** the caller may edit it (an author of it, or an admin): they also see its drafts */
  mine: boolean;
};

/**
 * An item this author may edit: an admin may edit everything, an instructor the items they author.
 * An instructor may read (and export, and clone) every item that has been published; someone else's
 * item that was never published does not exist for them.
 */
export async function itemFor(user: CurrentUser, itemId: string, need: "read" | "edit"): Promise<AuthorItem> {
  const item = await db.item.findUnique({
    where: { id: itemId },
    select: {
      id: true,
      kind: true,
      slug: true,
      title: true,
      state: true,
      currentVersionId: true,
      authors: { where: { userId: user.id }, select: { userId: true } },
    },
  });
  if (!item) throw new AppError("not_found:item", "There is no such item.");
  const mine = user.role === "admin" || item.authors.length > 0;
  if (!mine && !item.currentVersionId) throw new AppError("not_found:item", "There is no such item.");
  if (need === "edit" && !mine) throw new AppError("forbidden:author", "Only this item's authors (or an admin) may change it. Clone it to make your own.");
  return { id: item.id, kind: item.kind, slug: item.slug, title: item.title, state: item.state, mine };
}
