// Every line the generator emits comes from a template of the provenance table, says what the table
// says (text, and the file:line the table gives for the version the seed claims), and every table
// entry carries its evidence. A template emitted without an entry fails here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateLab, type LogEvent } from "@/lib/labgen";
import { TEMPLATES, type Template } from "@/lib/labgen/provenance";
import { SHIPPED_LABS, generateShipped } from "@/lib/labgen/incidents/shipped";

const table: Record<string, Template> = TEMPLATES;

function texts(t: Template): string[] {
  return typeof t.text === "string" ? [t.text] : Object.values(t.text);
}

const patterns = new Map<string, RegExp>();
/** the template text as a regular expression: literal parts escaped, holes as any text */
function pattern(text: string): RegExp {
  let re = patterns.get(text);
  if (!re) {
    const src = text
      .split(/\{\{[A-Za-z][A-Za-z0-9_]*\}\}/)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[\\s\\S]*?");
    re = new RegExp(`^${src}$`);
    patterns.set(text, re);
  }
  return re;
}

function perVersion<T>(v: T | Readonly<Record<string, T>> | undefined): T[] {
  if (v === undefined) return [];
  return typeof v === "object" && v !== null ? Object.values(v as Record<string, T>) : [v as T];
}

// seeds chosen so that every Mesos, Kubernetes, etcd and containerd version the generator claims is covered
const SEEDS = ["prov-0", "prov-1", "prov-2", "prov-3", "prov-4", "prov-5"];
// and the labs shipped as log files (a scripted incident on the same estate): their lines too
const runs = [...SEEDS.map((seed) => generateLab({ seed, targetEvents: 80_000, templates: true })), ...SHIPPED_LABS.map((lab) => generateShipped(lab, true))];

describe("labgen provenance table", { timeout: 120_000 }, () => {
  it("covers every Mesos version the seeds claim", () => {
    expect(new Set(runs.map((x) => x.truth.mesosVersion))).toEqual(new Set(["1.9.0", "1.10.0", "1.11.0"]));
  });

  it("every emitted line names a template that has an entry", () => {
    const missing = new Set<string>();
    for (const { templates } of runs) for (const id of templates!) if (!(id in table)) missing.add(id);
    expect([...missing]).toEqual([]);
  });

  it("every line's message is its template's text, holes filled", () => {
    const bad: string[] = [];
    for (const { events, templates } of runs) {
      events.forEach((e: LogEvent, i) => {
        const t = table[templates![i]];
        if (!t || !texts(t).some((x) => pattern(x).test(e.message))) bad.push(`${templates![i]}: ${e.message.slice(0, 160)}`);
        if (t && t.level !== e.level) bad.push(`${templates![i]}: level ${e.level}, table ${t.level}`);
      });
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it("glog lines print the file:line the table gives for the Mesos version of the seed", () => {
    const bad: string[] = [];
    for (const { events, templates, truth } of runs) {
      events.forEach((e, i) => {
        if ((e.service !== "mesos-master" && e.service !== "mesos-agent") || !e.fields.file?.endsWith(".cpp")) return;
        const t = table[templates![i]];
        if (t.kind !== "exact") return void bad.push(`${templates![i]} is not exact`);
        const line = typeof t.line === "object" ? t.line[truth.mesosVersion] : t.line;
        if (e.fields.file !== t.file || e.fields.line !== String(line))
          bad.push(`${templates![i]} ${truth.mesosVersion}: ${e.fields.file}:${e.fields.line}, table ${t.file}:${line}`);
      });
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it("klog, log4j and zap lines print a file:line (or caller) the table lists", () => {
    const bad: string[] = [];
    for (const { events, templates } of runs) {
      events.forEach((e, i) => {
        const t = table[templates![i]];
        if (t.kind !== "exact") return;
        const files = perVersion(t.file);
        const lines = perVersion(t.line).map(String);
        const printed = e.fields.caller ?? e.fields.file ?? e.fields.class ?? e.fields.logger;
        if (!printed) return;
        if (e.fields.caller) {
          const ok = files.some((f) => lines.some((l) => `${f}:${l}` === e.fields.caller));
          if (!ok) bad.push(`${templates![i]}: caller ${e.fields.caller}`);
        } else if (!files.includes(printed) || (e.fields.line !== undefined && !lines.includes(e.fields.line))) {
          bad.push(`${templates![i]}: ${printed}:${e.fields.line}`);
        }
      });
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it("every entry carries its evidence, or says why it is composed", () => {
    const bad: string[] = [];
    for (const [id, t] of Object.entries(table)) {
      const all = JSON.stringify(t);
      if (/PENDING|TODO/.test(all)) bad.push(`${id}: unfinished`);
      // a "{{" that is not a well-formed hole would be printed literally
      for (const x of texts(t)) if (x.replace(/\{\{[A-Za-z][A-Za-z0-9_]*\}\}/g, "").includes("{{")) bad.push(`${id}: malformed hole`);
      if (t.kind === "exact") {
        if (!/^[\w.-]+\/[\w.-]+$/.test(t.evidence.repo) || t.evidence.tags.length === 0 || !t.evidence.path) bad.push(`${id}: evidence`);
        if (t.line === undefined && t.evidence.line === undefined) bad.push(`${id}: no line, printed or as evidence`);
      } else if (t.reason.length < 20 || !t.project) {
        bad.push(`${id}: composed without a reason`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("every entry is used by the generator (no stale evidence)", () => {
    const used = new Set(runs.flatMap((x) => x.templates!));
    expect(Object.keys(table).filter((id) => !used.has(id))).toEqual([]);
  });
  it("the lesson's sample log lines are lines the table can produce, at the line number of some claimed version", () => {
    const lesson = fs.readFileSync(path.join(process.cwd(), "labs/lessons/kubernetes-vs-mesos.md"), "utf8");
    const samples = [...lesson.matchAll(/^[IWEF]\d{4} [\d:.]+ +\d+ ([\w.]+):(\d+)\] (.*)$/gm)];
    expect(samples.length).toBeGreaterThanOrEqual(5);
    for (const [line, file, n, msg] of samples) {
      const ok = Object.values(table).some(
        (t) => t.kind === "exact" && perVersion(t.file).includes(file) && perVersion(t.line).includes(+n) && texts(t).some((x) => pattern(x).test(msg)),
      );
      expect(ok, line).toBe(true);
    }
  });
});
