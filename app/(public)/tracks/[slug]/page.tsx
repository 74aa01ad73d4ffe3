import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getCurrentUser } from "@/lib/server/auth";
import { getTrack } from "@/lib/server/tracks";
import { prepareLearnerLab } from "@/lib/server/lab/context";
import { slugSchema } from "@/lib/schemas/content";
import { StatusBadge } from "@/components/track/status-badge";
import { ProgressBar } from "@/components/track/progress-bar";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const slug = slugSchema.safeParse((await params).slug);
  const track = slug.success ? await getTrack(slug.data) : null;
  return { title: track?.title ?? "Track not found" };
}

export default async function TrackPage({ params }: Props) {
  const slug = slugSchema.safeParse((await params).slug);
  if (!slug.success) notFound();
  const user = await getCurrentUser();
  const track = await getTrack(slug.data, user?.id);
  if (!track) notFound();
  // a signed-in learner's lab data is built while they read the lesson, not when they open the lab
  if (user) for (const item of track.items) if (item.kind === "lab") void prepareLearnerLab(user.id, item.slug).catch(() => undefined);

  return (
    <div>
      <span className="kind">Track</span>
      <h1>{track.title}</h1>
      <p className="lede">{track.summary}</p>
      {user ? (
        <ProgressBar done={track.completed} total={track.items.length} label={`${track.title} progress`} />
      ) : (
        <p className="muted">
          The lesson is open to everyone. <Link href={`/signin?callbackUrl=/tracks/${track.slug}`}>Sign in</Link> to take the quiz and the lab and to record
          your progress.
        </p>
      )}
      <ol className="track-items" aria-label="Track items">
        {track.items.map((item, index) => {
          const locked = !user && item.gated;
          return (
            <li key={item.id} className="card track-item" data-testid={`track-item-${item.kind}`}>
              <span className="index" aria-hidden>
                {index + 1}
              </span>
              <div>
                <span className="kind">{item.kind}</span>
                <h3>
                  <Link href={item.href} prefetch={false}>
                    {item.title}
                  </Link>
                </h3>
                <p>{item.summary}</p>
              </div>
              <StatusBadge status={locked ? "locked" : user ? item.status : "open"} />
            </li>
          );
        })}
      </ol>
    </div>
  );
}
