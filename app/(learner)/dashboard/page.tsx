import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/server/auth";
import { certificateFor } from "@/lib/server/certificates";
import { listTracks, type TrackItemDto } from "@/lib/server/tracks";
import { ProgressBar } from "@/components/track/progress-bar";
import { StatusBadge } from "@/components/track/status-badge";

export const metadata: Metadata = { title: "Dashboard" };

const VERB = { lesson: "Read", quiz: "Take", lab: "Investigate" } as const;

/** what the learner should do next on a track: the first item not completed, started ones first */
function nextOf(items: TrackItemDto[]): TrackItemDto | undefined {
  return items.find((i) => i.status === "in_progress") ?? items.find((i) => i.status !== "completed");
}

function itemPercent(item: TrackItemDto): number {
  if (item.status === "completed") return 100;
  if (item.kind === "lesson") return item.status === "in_progress" ? 50 : 0;
  return Math.round((item.score ?? 0) * 100);
}

export default async function DashboardPage() {
  const user = await requireUser("/dashboard");
  const tracks = await listTracks(user.id);
  const certificates = await Promise.all(tracks.map((t) => (t.completed === t.items.length ? certificateFor(user.id, t.slug) : null)));
  return (
    <div className="stack">
      <h1>Your progress</h1>
      <p className="muted">Signed in as {user.email}.</p>
      {tracks.map((track, ti) => {
        const next = nextOf(track.items);
        const certificate = certificates[ti];
        return (
          <section key={track.slug} className="card stack" aria-labelledby={`track-${track.slug}`}>
            <h2 id={`track-${track.slug}`} style={{ margin: 0 }}>
              <Link href={`/tracks/${track.slug}`}>{track.title}</Link>
            </h2>
            <ProgressBar done={track.completed} total={track.items.length} label={`${track.title} progress`} />
            {certificate ? (
              <p className="dashboard-next" data-testid="dashboard-certificate">
                Track complete. <Link href={`/certificates/${certificate.code}`}>Your certificate</Link> (code {certificate.code})
              </p>
            ) : (
              next && (
                <p className="dashboard-next" data-testid="dashboard-next">
                  Next: <Link href={next.href}>{`${next.status === "in_progress" ? "Continue" : VERB[next.kind]}: ${next.title}`}</Link>
                </p>
              )
            )}
            <ul className="track-items" style={{ margin: 0 }}>
              {track.items.map((item) => (
                <li key={item.id} className="dashboard-item" data-testid={`dashboard-item-${item.kind}`}>
                  <span className="kind">{item.kind}</span>
                  <Link href={item.href} prefetch={false}>
                    {item.title}
                  </Link>
                  <span
                    className="progress progress-item"
                    role="progressbar"
                    aria-label={`${item.title} progress`}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={itemPercent(item)}
                  >
                    <span style={{ width: `${itemPercent(item)}%` }} />
                  </span>
                  <span className="hint">{item.kind !== "lesson" && item.score !== null ? `Score ${Math.round(item.score * 100)}%` : ""}</span>
                  <StatusBadge status={item.status} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
