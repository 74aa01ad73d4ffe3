// Stable ordering of events by instant. A comparator sort over 1M indices spends most of its time
// in the comparator; instead: counting sort by whole second (O(n)), then insertion sort inside each
// second (buckets hold a few events; the busiest — cron at hh:17:01 on every host — a few hundred).
import { SEC } from "./time";

/** indices of `t` ordered by value; equal values keep index (generation) order */
export function sortedOrder(t: readonly number[], W: number, E: number): Int32Array {
  const n = t.length;
  const nb = Math.ceil((E - W) / SEC) + 1;
  const start = new Int32Array(nb + 1);
  const bucket = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = Math.floor((t[i] - W) / SEC);
    bucket[i] = k;
    start[k + 1]++;
  }
  for (let k = 0; k < nb; k++) start[k + 1] += start[k];
  const next = start.slice();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[next[bucket[i]]++] = i;
  for (let k = 0; k < nb; k++) {
    const lo = start[k];
    const hi = start[k + 1];
    for (let j = lo + 1; j < hi; j++) {
      const cur = out[j];
      const tc = t[cur];
      let m = j - 1;
      while (m >= lo && t[out[m]] > tc) {
        out[m + 1] = out[m];
        m--;
      }
      out[m + 1] = cur;
    }
  }
  return out;
}
