// One JSON object per line: what the app logs about failures. Values are JSON-escaped by
// construction, so nothing a user typed can forge a line or a terminal escape in the log.
// No "server-only" marker: the lab engine's supervisor and the benches use it too.
export type Level = "info" | "warn" | "error";

export function formatEvent(level: Level, source: string, event: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ ts: new Date().toISOString(), level, source, event, ...fields });
}

export function logEvent(level: Level, source: string, event: string, fields: Record<string, unknown> = {}): void {
  const line = formatEvent(level, source, event, fields);
  if (level === "info") console.log(line);
  else console.error(line);
}
