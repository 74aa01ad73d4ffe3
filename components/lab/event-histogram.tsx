"use client";
import { useRef, useState } from "react";
import { formatTs } from "./filters";
import styles from "./lab.module.css";

type Bucket = { bucketStart: string; count: number };
type Props = { buckets: Bucket[]; bucketSeconds: number; onSelect: (fromIso: string, toIso: string) => void };

const BAR = 10;
const HEIGHT = 100;

/** Events over time as SVG bars; a bar narrows the time range to its bucket (click, or Enter when focused). */
export function EventHistogram({ buckets, bucketSeconds, onSelect }: Props) {
  const [active, setActive] = useState(0);
  const bars = useRef<(SVGGElement | null)[]>([]);
  if (!buckets.length) return <p className="hint">No events in this range.</p>;

  const max = Math.max(1, ...buckets.map((b) => b.count));
  const current = Math.min(active, buckets.length - 1);
  const select = (b: Bucket) => {
    const start = new Date(b.bucketStart).getTime();
    onSelect(new Date(start).toISOString(), new Date(start + bucketSeconds * 1000).toISOString());
  };
  const focusBar = (i: number) => {
    const next = Math.max(0, Math.min(buckets.length - 1, i));
    setActive(next);
    bars.current[next]?.focus();
  };
  const ticks = axisTicks(buckets, bucketSeconds);

  return (
    <figure className={styles.histogram}>
      <figcaption className="hint">
        Events over time ({bucketLabel(bucketSeconds)} per bar, peak {max.toLocaleString("en-US")}). Click a bar to zoom into it.
      </figcaption>
      <svg viewBox={`0 0 ${buckets.length * BAR} ${HEIGHT}`} preserveAspectRatio="none" role="group" aria-label="Events over time">
        {buckets.map((b, i) => {
          const h = b.count ? Math.max(2, (b.count / max) * HEIGHT) : 0;
          const label = `${formatTs(b.bucketStart)} UTC: ${b.count.toLocaleString("en-US")} events`;
          return (
            <g
              key={b.bucketStart}
              ref={(el) => {
                bars.current[i] = el;
              }}
              role="button"
              tabIndex={i === current ? 0 : -1}
              aria-label={label}
              className={styles.bar}
              onClick={() => select(b)}
              onFocus={() => setActive(i)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  select(b);
                } else if (e.key === "ArrowRight") focusBar(i + 1);
                else if (e.key === "ArrowLeft") focusBar(i - 1);
                else if (e.key === "Home") focusBar(0);
                else if (e.key === "End") focusBar(buckets.length - 1);
              }}
            >
              <title>{label}</title>
              <rect x={i * BAR} y={0} width={BAR} height={HEIGHT} className={styles.barHit} />
              <rect x={i * BAR + 1} y={HEIGHT - h} width={BAR - 2} height={h} className={styles.barFill} />
            </g>
          );
        })}
      </svg>
      <div className={styles.axis} aria-hidden="true">
        {ticks.map(({ i, label }) => (
          <span key={i} style={{ left: `${(i / buckets.length) * 100}%` }}>
            {label}
          </span>
        ))}
      </div>
    </figure>
  );
}

const TICK_STEPS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400];

/** Up to ~8 labels at round times (days for a week, hours or minutes once zoomed in). */
function axisTicks(buckets: Bucket[], bucketSeconds: number): { i: number; label: string }[] {
  const span = buckets.length * bucketSeconds;
  const step = TICK_STEPS.find((s) => s >= bucketSeconds && span / s <= 8) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const ticks: { i: number; label: string }[] = [];
  buckets.forEach((b, i) => {
    const t = new Date(b.bucketStart);
    if ((t.getTime() / 1000) % step !== 0) return;
    const iso = t.toISOString();
    const label =
      step >= 86400 ? iso.slice(5, 10) : ticks.length === 0 || iso.slice(11, 16) === "00:00" ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
    ticks.push({ i, label });
  });
  return ticks;
}

function bucketLabel(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
