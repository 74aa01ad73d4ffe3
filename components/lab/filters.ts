import type { ExploreFilters } from "@/lib/lab/types";
import type { z } from "zod";
import { logLevelSchema } from "@/lib/schemas/lab";

/** a level the explorer can filter on (the draft holds whatever the facet list showed) */
const isLevel = (x: string): x is z.infer<typeof logLevelSchema> => logLevelSchema.safeParse(x).success;

/** What the filter form edits: UTC times as typed ("2026-03-09 14:00:05", 24-hour) and plain lists. */
export type FilterDraft = { from: string; to: string; hosts: string[]; services: string[]; levels: string[]; text: string };
export type ListKey = "hosts" | "services" | "levels";

export const EMPTY_DRAFT: FilterDraft = { from: "", to: "", hosts: [], services: [], levels: [], text: "" };

/** "2026-03-09T14:00:00.000Z" -> "2026-03-09 14:00:00", the form's 24-hour UTC text (not the browser's locale). */
export function isoToInput(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 19).replace("T", " ");
}

/** what the From/To fields accept: a UTC date and 24-hour time, seconds optional ("T" or a space, "Z" optional) */
export const UTC_INPUT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?Z?$/;

/** The inverse of isoToInput; "" means no bound, anything else that is not a UTC time is `null` (an error). */
export function inputToIso(value: string): string | undefined | null {
  const v = value.trim();
  if (!v) return undefined;
  const m = UTC_INPUT.exec(v);
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2]}${m[3] ?? ":00"}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function toExploreFilters(draft: FilterDraft): ExploreFilters {
  const filters: ExploreFilters = {};
  const from = inputToIso(draft.from) ?? undefined;
  const to = inputToIso(draft.to) ?? undefined;
  if (from) filters.from = from;
  if (to) filters.to = to;
  if (draft.hosts.length) filters.hosts = draft.hosts;
  if (draft.services.length) filters.services = draft.services;
  const levels = draft.levels.filter(isLevel);
  if (levels.length) filters.levels = levels;
  if (draft.text.trim()) filters.text = draft.text.trim();
  return filters;
}

export function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** One format everywhere (explorer, results, tooltips): ISO 8601 in UTC, "2026-03-09T14:00:05.123Z". */
export function formatTs(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString();
}
