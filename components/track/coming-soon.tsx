import Link from "next/link";
import type { CatalogItem } from "@/lib/content/catalog";

/** Shown for an item whose interactive part has not shipped yet. */
export function ComingSoon({ item, kindLabel }: { item: CatalogItem; kindLabel: string }) {
  return (
    <div className="stack">
      <span className="kind">{kindLabel}</span>
      <h1>{item.title}</h1>
      <p className="lede">{item.summary}</p>
      <div className="card">
        <strong>Coming soon.</strong> This {kindLabel.toLowerCase()} is being built; the lesson is ready now.
      </div>
      <p>
        <Link href="/tracks/soc-analyst-tier-1">← Back to the track</Link>
      </p>
    </div>
  );
}
