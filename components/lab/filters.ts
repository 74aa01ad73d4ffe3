import type { ExploreFilters } from "@/lib/lab/types";
import type { z } from "zod";
import { logLevelSchema } from "@/lib/schemas/log-level";

/** a level the explorer can filter on (the draft holds whatever the facet list showed) */
const isLevel = (x: string): x is z.infer<typeof logLevelSchema> => logLevelSchema.safeParse(x).success;

/** What the filter form edits: UTC times as typed ("2026-03-09 14:00:05", 24-hour) and plain lists;
 *  the exclude lists come from the event detail's "Exclude this" and show as chips. */
export type FilterDraft = {
  from: string;
  to: string;
  hosts: string[];
  services: string[];
  levels: string[];
  text: string;
  excludeHosts: string[];
  excludeServices: string[];
  excludeLevels: string[];
  excludeText: string[];
};
export type ListKey = "hosts" | "services" | "levels";
export type ExcludeKey = "excludeHosts" | "excludeServices" | "excludeLevels" | "excludeText";

export const EMPTY_DRAFT: FilterDraft = {
  from: "",
  to: "",
  hosts: [],
  services: [],
  levels: [],
  text: "",
  excludeHosts: [],
  excludeServices: [],
  excludeLevels: [],
  excludeText: [],
};

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
  if (draft.excludeHosts.length) filters.excludeHosts = draft.excludeHosts;
  if (draft.excludeServices.length) filters.excludeServices = draft.excludeServices;
  const excludeLevels = draft.excludeLevels.filter(isLevel);
  if (excludeLevels.length) filters.excludeLevels = excludeLevels;
  if (draft.excludeText.length) filters.excludeText = draft.excludeText;
  return filters;
}

/** A value of the event detail, and the filter each of its buttons changes. */
export type DetailField = "host" | "service" | "level" | "message";
const LISTS: Record<Exclude<DetailField, "message">, [ListKey, ExcludeKey]> = {
  host: ["hosts", "excludeHosts"],
  service: ["services", "excludeServices"],
  level: ["levels", "excludeLevels"],
};

/**
 * What "Message contains" can hold of a message: its first line (the filter is one line of plain
 * text), at most 500 characters. Every event whose message holds the whole message holds it too.
 */
export function messageFilterText(message: string): string {
  const line = message.split(/[\u0000-\u001f\u007f]/).find((part) => part.trim() !== "") ?? "";
  // the schema counts UTF-16 units; a cut never splits a surrogate pair (a lone half is refused)
  return line
    .trim()
    .slice(0, 500)
    .replace(/[\ud800-\udbff]$/, "")
    .trim();
}

/** "Filter for this": the events with this value only (and no longer excluded). */
export function filterFor(draft: FilterDraft, field: DetailField, value: string): FilterDraft {
  if (field === "message") {
    const text = messageFilterText(value);
    return { ...draft, text, excludeText: draft.excludeText.filter((t) => t !== text) };
  }
  const [list, exclude] = LISTS[field];
  return { ...draft, [list]: [value], [exclude]: draft[exclude].filter((v) => v !== value) };
}

/** "Exclude this": the events with this value are left out (and it is no longer filtered for). */
export function excludeValue(draft: FilterDraft, field: DetailField, value: string): FilterDraft {
  if (field === "message") {
    const text = messageFilterText(value);
    const excludeText = draft.excludeText.includes(text) ? draft.excludeText : [...draft.excludeText, text];
    return { ...draft, text: draft.text === text ? "" : draft.text, excludeText };
  }
  const [list, exclude] = LISTS[field];
  const excluded = draft[exclude].includes(value) ? draft[exclude] : [...draft[exclude], value];
  return { ...draft, [list]: draft[list].filter((v) => v !== value), [exclude]: excluded };
}

export function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** One format everywhere (explorer, results, tooltips): ISO 8601 in UTC, "2026-03-09T14:00:05.123Z". */
export function formatTs(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString();
}
