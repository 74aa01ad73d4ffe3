import Link from "next/link";

export default function NotFound() {
  return (
    <div className="stack">
      <h1>Page not found</h1>
      <p className="muted">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link href="/tracks/soc-analyst-tier-1">Go to the SOC Analyst Tier 1 track</Link>
      </p>
    </div>
  );
}
