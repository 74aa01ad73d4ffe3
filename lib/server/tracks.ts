import "server-only";
import { db } from "./db";
import { getProgressByItem, type ProgressDto } from "./progress";
import type { ItemKind, ProgressStatus } from "@/lib/generated/prisma/enums";

const HREF_PREFIX: Record<ItemKind, string> = { lesson: "/lessons", quiz: "/quizzes", lab: "/labs" };
export const itemHref = (kind: ItemKind, slug: string) => `${HREF_PREFIX[kind]}/${slug}`;

export type TrackItemDto = {
  id: string;
  kind: ItemKind;
  slug: string;
  title: string;
  summary: string;
  gated: boolean;
  href: string;
  status: ProgressStatus;
  score: number | null;
};
export type TrackDto = { slug: string; title: string; summary: string; items: TrackItemDto[]; completed: number };

function toDto(
  track: {
    slug: string;
    title: string;
    summary: string;
    items: { item: { id: string; kind: ItemKind; slug: string; title: string; summary: string; gated: boolean } }[];
  },
  progress: Map<string, ProgressDto>,
): TrackDto {
  const items = track.items.map(({ item }) => {
    const p = progress.get(item.id);
    return { ...item, href: itemHref(item.kind, item.slug), status: p?.status ?? "not_started", score: p?.score ?? null };
  });
  return { slug: track.slug, title: track.title, summary: track.summary, items, completed: items.filter((i) => i.status === "completed").length };
}

// Learners see the published items of a track; drafts and archived items are for /author.
const trackInclude = {
  items: {
    where: { item: { state: "published" as const } },
    orderBy: { position: "asc" as const },
    select: { item: { select: { id: true, kind: true, slug: true, title: true, summary: true, gated: true } } },
  },
};

export async function getTrack(slug: string, userId?: string): Promise<TrackDto | null> {
  const track = await db.track.findUnique({ where: { slug }, include: trackInclude });
  if (!track) return null;
  const progress = userId
    ? await getProgressByItem(
        userId,
        track.items.map((i) => i.item.id),
      )
    : new Map();
  return toDto(track, progress);
}

export async function listTracks(userId?: string): Promise<TrackDto[]> {
  const tracks = await db.track.findMany({ orderBy: { title: "asc" }, include: trackInclude });
  const ids = tracks.flatMap((t) => t.items.map((i) => i.item.id));
  const progress = userId ? await getProgressByItem(userId, ids) : new Map();
  return tracks.map((t) => toDto(t, progress));
}

export async function findItemId(kind: ItemKind, slug: string): Promise<string | null> {
  const row = await db.item.findUnique({ where: { kind_slug: { kind, slug } }, select: { id: true } });
  return row?.id ?? null;
}
