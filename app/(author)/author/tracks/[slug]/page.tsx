import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { slugSchema } from "@/lib/schemas/content";
import { requireRole } from "@/lib/server/auth";
import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { trackEditor } from "@/lib/server/authoring/tracks";
import { TrackEditorForm } from "@/components/author/track-editor";

export const metadata: Metadata = { title: "Edit track" };

export default async function EditTrackPage({ params }: { params: Promise<{ slug: string }> }) {
  const raw = (await params).slug;
  await requireRole(AUTHOR_ROLES, `/author/tracks/${encodeURIComponent(raw)}`);
  const slug = slugSchema.safeParse(raw);
  const track = slug.success ? await trackEditor(slug.data) : null;
  if (!track) notFound();
  return (
    <div className="stack">
      <p>
        <Link href="/author">← Author</Link>
      </p>
      <h1>{track.title}</h1>
      <p className="muted">The order learners follow. Only published items appear to them.</p>
      <TrackEditorForm track={track} />
    </div>
  );
}
