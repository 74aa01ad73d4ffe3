import "server-only";
import type { CurrentUser } from "../auth";
import { audit } from "../audit";
import { AppError } from "../errors";
import { db } from "../db";

export type TrackEditor = {
  slug: string;
  title: string;
  items: { id: string; kind: string; slug: string; title: string; state: string }[];
  available: { id: string; kind: string; slug: string; title: string; state: string }[];
};

export async function trackEditor(slug: string): Promise<TrackEditor | null> {
  const track = await db.track.findUnique({
    where: { slug },
    select: {
      slug: true,
      title: true,
      items: { orderBy: { position: "asc" }, select: { item: { select: { id: true, kind: true, slug: true, title: true, state: true } } } },
    },
  });
  if (!track) return null;
  const on = new Set(track.items.map((i) => i.item.id));
  const available = await db.item.findMany({
    where: { state: { not: "archived" } },
    orderBy: [{ kind: "asc" }, { slug: "asc" }],
    select: { id: true, kind: true, slug: true, title: true, state: true },
  });
  return { slug: track.slug, title: track.title, items: track.items.map((i) => i.item), available: available.filter((a) => !on.has(a.id)) };
}

/** Orders a track's items (and adds or removes them). Learners see the published ones, in this order. */
export async function saveTrackItems(user: CurrentUser, input: { slug: string; itemIds: string[] }, ip: string) {
  const track = await db.track.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (!track) throw new AppError("not_found:track", "There is no such track.");
  if (new Set(input.itemIds).size !== input.itemIds.length) throw new AppError("invalid:track", "An item is listed twice.");
  const found = await db.item.count({ where: { id: { in: input.itemIds }, state: { not: "archived" } } });
  if (found !== input.itemIds.length) throw new AppError("invalid:track", "An item does not exist or is archived.");
  await db.$transaction([
    db.trackItem.deleteMany({ where: { trackId: track.id } }),
    db.trackItem.createMany({ data: input.itemIds.map((itemId, position) => ({ trackId: track.id, itemId, position })) }),
  ]);
  await audit(db, { action: "track_changed", actorId: user.id, targetId: track.id, ip, detail: { slug: input.slug, items: input.itemIds } });
  return { count: input.itemIds.length };
}
