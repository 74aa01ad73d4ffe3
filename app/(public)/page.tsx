import Link from "next/link";

export default function HomePage() {
  return (
    <div className="stack">
      <h1>Train for the watch floor.</h1>
      <p className="lede">
        Watchfloor is an open training platform for SOC analysts. Read a short lesson, check your understanding with a quiz, then investigate real-looking logs
        with real queries — and see your progress as you go.
      </p>
      <div className="card stack">
        <span className="kind">Track</span>
        <h2 style={{ margin: 0 }}>SOC Analyst Tier 1</h2>
        <p className="muted" style={{ margin: 0 }}>
          Start with “Kubernetes vs. Mesos”: why Apache Mesos was retired to the Apache Attic in 2025, and what an unpatched cluster control plane means for the
          people defending it. Then hunt for one in a week of cluster logs.
        </p>
        <p style={{ margin: 0 }}>
          <Link className="button" href="/tracks/soc-analyst-tier-1">
            Open the track
          </Link>
        </p>
      </div>
    </div>
  );
}
