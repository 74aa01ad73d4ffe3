// Prints the lab generator's provenance table as Markdown: one row per message template with its
// upstream evidence (exact) or the reason it is composed. `npx tsx scripts/provenance-table.ts`
import { TEMPLATES, type Template } from "@/lib/labgen/provenance";

const show = (v: unknown): string => {
  if (v === undefined) return "";
  if (typeof v === "object" && v !== null) {
    const entries = Object.entries(v as Record<string, unknown>);
    const values = new Set(entries.map(([, x]) => String(x)));
    return values.size === 1 ? String(entries[0][1]) : entries.map(([k, x]) => `${k}: ${x}`).join(" · ");
  }
  return String(v);
};
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const text = (t: Template) => cell(typeof t.text === "string" ? t.text : show(t.text)).slice(0, 140);

const rows = Object.entries(TEMPLATES as Record<string, Template>);
console.log("| template | kind | source | prints | text |");
console.log("| --- | --- | --- | --- | --- |");
for (const [id, t] of rows) {
  const where = [show(t.file), show(t.line)].filter(Boolean).join(":");
  const source =
    t.kind === "exact"
      ? `${t.evidence.repo} ${t.evidence.tags.join(", ")} ${show(t.evidence.path)}${t.evidence.line !== undefined ? ` (line ${show(t.evidence.line)})` : ""}`
      : `${t.project}: ${t.reason}`;
  console.log(`| ${id} | ${t.kind} | ${cell(source)} | ${cell(where)} | ${text(t)} |`);
}
const exact = rows.filter(([, t]) => t.kind === "exact").length;
console.log(`\n${rows.length} templates: ${exact} exact, ${rows.length - exact} composed.`);
