import type { ExploreFilters } from "@/lib/lab/types";
import type { z } from "zod";
import { logLevelSchema } from "@/lib/schemas/lab";

/** a level the explorer can filter on (the draft holds whatever the facet list showed) */
const isLevel = (x: string): x is z.infer<typeof logLevelSchema> => logLevelSchema.safeParse(x).success;

/** What the filter form edits: datetime-local strings (UTC wall time) and plain lists. */
export type FilterDraft = { from: string; to: string; hosts: string[]; services: string[]; levels: string[]; text: string };
export type ListKey = "hosts" | "services" | "levels";

export const EMPTY_DRAFT: FilterDraft = { from: "", to: "", hosts: [], services: [], levels: [], text: "" };

/** "2026-03-09T14:00:00.000Z" -> "2026-03-09T14:00:00" for a datetime-local input read as UTC. */
export function isoToInput(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 19);
}

/** The inverse of isoToInput; "" (or anything unparseable) means no bound. */
export function inputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  const d = new Date(`${withSeconds}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function toExploreFilters(draft: FilterDraft): ExploreFilters {
  const filters: ExploreFilters = {};
  const from = inputToIso(draft.from);
  const to = inputToIso(draft.to);
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

/** "2026-03-09 14:00:05.123" — compact UTC for tables and tooltips. */
export function formatTs(iso: string): string {
  return iso.replace("T", " ").replace(/Z$/, "");
}
