import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/server/auth";
import { listTracks } from "@/lib/server/tracks";
import { ProgressBar } from "@/components/track/progress-bar";
import { StatusBadge } from "@/components/track/status-badge";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser("/dashboard");
  const tracks = await listTracks(user.id);
  return (
    <div className="stack">
      <h1>Your progress</h1>
      <p className="muted">Signed in as {user.email}.</p>
      {tracks.map((track) => (
        <section key={track.slug} className="card stack" aria-labelledby={`track-${track.slug}`}>
          <h2 id={`track-${track.slug}`} style={{ margin: 0 }}>
            <Link href={`/tracks/${track.slug}`}>{track.title}</Link>
          </h2>
          <ProgressBar done={track.completed} total={track.items.length} label={`${track.title} progress`} />
          <ul className="track-items" style={{ margin: 0 }}>
            {track.items.map((item) => (
              <li key={item.id} className="dashboard-item" data-testid={`dashboard-item-${item.kind}`}>
                <span className="kind">{item.kind}</span>
                <Link href={item.href} prefetch={false}>
                  {item.title}
                </Link>
                <span className="hint">{item.kind !== "lesson" && item.score !== null ? `Score ${Math.round(item.score * 100)}%` : ""}</span>
                <StatusBadge status={item.status} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
