"use client";
import { useState } from "react";
import type { ExploreResult } from "@/lib/lab/types";
import type { ListKey } from "./filters";
import styles from "./lab.module.css";

type Facets = NonNullable<ExploreResult["facets"]>;
type Props = { facets: Facets; selected: Record<ListKey, string[]>; onToggle: (key: ListKey, value: string) => void };

const GROUPS: { facet: keyof Facets; key: ListKey; title: string }[] = [
  { facet: "host", key: "hosts", title: "Top hosts" },
  { facet: "service", key: "services", title: "Top services" },
  { facet: "level", key: "levels", title: "Top levels" },
];

/** Top values with counts for the current filters; a click adds (or removes) that value as a filter. */
const SHOWN = 10;

export function FacetLists({ facets, selected, onToggle }: Props) {
  const [all, setAll] = useState<Partial<Record<keyof Facets, boolean>>>({});
  return (
    <div className={styles.facets}>
      {GROUPS.map(({ facet, key, title }) => {
        const values = facets[facet] ?? [];
        const max = Math.max(1, ...values.map((v) => v.count));
        const shown = all[facet] ? values : values.slice(0, SHOWN);
        return (
          <section key={facet} className={styles.facetGroup} aria-label={title}>
            <h4>{title}</h4>
            {values.length === 0 && <p className="hint">None.</p>}
            <ul>
              {shown.map((v) => {
                const on = selected[key].includes(v.value);
                return (
                  <li key={v.value}>
                    <button
                      type="button"
                      className={styles.facet}
                      aria-pressed={on}
                      title={on ? `Remove filter ${facet} = ${v.value}` : `Filter on ${facet} = ${v.value}`}
                      onClick={() => onToggle(key, v.value)}
                    >
                      <span className={styles.facetBar} style={{ width: `${(v.count / max) * 100}%` }} aria-hidden="true" />
                      <span className={styles.facetValue}>{v.value}</span>
                      <span className={styles.facetCount}>{v.count.toLocaleString("en-US")}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
            {values.length > SHOWN && (
              <button
                type="button"
                className={styles.linkButton}
                aria-expanded={Boolean(all[facet])}
                onClick={() => setAll((a) => ({ ...a, [facet]: !a[facet] }))}
              >
                {all[facet] ? "Show fewer" : `Show all ${values.length}`}
              </button>
            )}
          </section>
        );
      })}
    </div>
  );
}
