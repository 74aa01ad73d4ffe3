/** seconds as "1 h 05 min", "12 min", "40 s" */
export function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

export function percent(x: number | null, digits = 0): string {
  return x === null ? "—" : `${(x * 100).toFixed(digits)}%`;
}
