"use server";
import { redirect } from "next/navigation";
import { cloneSchema, newItemSchema, trackItemsSchema } from "@/lib/schemas/author";
import { action } from "@/lib/server/action";
import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { cloneItem, createItem } from "@/lib/server/authoring/items";
import { saveTrackItems } from "@/lib/server/authoring/tracks";

/** "New lab" / "New quiz": creates the item with a starter draft and opens it in the editor. */
export const createItemAction = action({ access: AUTHOR_ROLES, input: newItemSchema }, async ({ user, input, ip }) => {
  const { itemId } = await createItem(user, input, ip);
  redirect(`/author/items/${itemId}`);
});

/** "Clone": a new item of the caller's, from the newest version they can read. */
export const cloneItemAction = action({ access: AUTHOR_ROLES, input: cloneSchema }, async ({ user, input, ip }) => {
  const { itemId } = await cloneItem(user, input, ip);
  redirect(`/author/items/${itemId}`);
});

export const saveTrackAction = action({ access: AUTHOR_ROLES, input: trackItemsSchema }, async ({ user, input, ip }) => {
  const { count } = await saveTrackItems(user, { slug: input.slug, itemIds: input.items }, ip);
  return { status: "ok" as const, message: `Saved: ${count} items in this order.` };
});
