import "server-only";
import { packArchive, unpackArchive } from "@/lib/content/archive";
import { describeProblems, parseDefinition } from "@/lib/content/definition";
import { readCanonicalEvents, toJsonLines, parseLogUpload, type ParsedUpload } from "@/lib/content/upload-parse";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Lab } from "@/lib/schemas/lab";
import type { CurrentUser } from "../auth";
import { audit } from "../audit";
import { AppError } from "../errors";
import { db } from "../db";
import { labDataChunks, storeLabData } from "../lab-data";
import { itemFor } from "./access";
import { hashSource, invalidDefinition } from "./items";
import { FILE_EXT, FOLDER } from "./starters";

/**
 * One archive per quiz or lab, in the content folder's own layout (`labs/<slug>.yaml` beside
 * `labs/<slug>.logs.jsonl`, `quizzes/<slug>.yaml`): unzipped into labs/ it is content the app
 * imports at start, and a folder under labs/ zipped is an archive /author imports.
 */
export async function exportItem(user: CurrentUser, input: { itemId: string; version?: number }): Promise<{ fileName: string; bytes: Uint8Array }> {
  const item = await itemFor(user, input.itemId, "read");
  const { mine } = item;
  const v = await db.itemVersion.findFirst({
    where: { itemId: item.id, ...(input.version ? { number: input.version } : {}), ...(mine ? {} : { state: { in: ["published", "archived"] } }) },
    orderBy: { number: "desc" },
    select: { number: true, source: true, dataId: true, definition: true },
  });
  if (!v) throw new AppError("not_found:version", "There is no such version.");
  const files: { path: string; data: Uint8Array | string }[] = [{ path: `${FOLDER[item.kind]}/${item.slug}.${FILE_EXT[item.kind]}`, data: v.source }];
  const dataset = item.kind === "lab" ? (v.definition as Lab).dataset : null;
  if (dataset && "upload" in dataset && v.dataId) {
    const events = [];
    for await (const e of readCanonicalEvents(labDataChunks(db, v.dataId))) events.push(e);
    files.push({ path: `labs/${dataset.upload.replace(/\.csv$/, ".jsonl")}`, data: toJsonLines(events) });
  }
  return { fileName: `${item.slug}-v${v.number}.zip`, bytes: packArchive(files) };
}

type Planned = { kind: "quiz" | "lab"; slug: string; source: string; data: { parsed: ParsedUpload; fileName: string } | null };

/**
 * Imports an archive as drafts: everything in it is validated first (definitions, data files, the
 * archive's own shape), and only then is anything written, in one transaction. An item that exists
 * gets a new draft (when the caller may edit it); a new slug becomes a new item they author.
 */
export async function importArchive(user: CurrentUser, bytes: Uint8Array, ip: string) {
  const files = unpackArchive(bytes);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const text = (path: string) => {
    try {
      return decoder.decode(files.get(path)!);
    } catch {
      throw new AppError("invalid:archive", `${path} is not UTF-8 text.`);
    }
  };
  const planned: Planned[] = [];
  const used = new Set<string>();
  for (const path of [...files.keys()].sort()) {
    const m = /^(quizzes|labs|lessons|tracks)\/([a-z0-9-]+)\.(yaml|md)$/.exec(path);
    if (!m) continue;
    if (m[1] === "lessons" || m[1] === "tracks")
      throw new AppError("invalid:archive", `${path}: lessons and tracks are not imported here (tracks are edited in /author).`);
    const kind = m[1] === "quizzes" ? "quiz" : "lab";
    const parsed = parseDefinition(kind, text(path));
    if (!parsed.ok) throw new AppError("invalid:definition", `${path}: ${describeProblems(parsed.problems)}`, { problems: parsed.problems, file: path });
    if (parsed.definition.slug !== m[2])
      throw new AppError("invalid:archive", `${path}: its slug is "${parsed.definition.slug}"; the file must be named after it.`);
    used.add(path);
    let data: Planned["data"] = null;
    const dataset = kind === "lab" ? (parsed.definition as Lab).dataset : null;
    if (dataset && "upload" in dataset) {
      const dataPath = `labs/${dataset.upload}`;
      const raw = files.get(dataPath);
      if (!raw) throw new AppError("invalid:archive", `${path} names ${dataPath}, which is not in the archive.`);
      used.add(dataPath);
      const parsedData = await parseLogUpload([raw], dataPath.endsWith(".csv") ? "csv" : "jsonl").catch((err: unknown) => {
        if (err instanceof AppError) throw new AppError(err.code, `${dataPath}: ${err.message}`, err.details);
        throw err;
      });
      data = { parsed: parsedData, fileName: dataset.upload };
    }
    planned.push({ kind, slug: m[2], source: text(path), data });
  }
  const extra = [...files.keys()].filter((p) => !used.has(p));
  if (extra.length) throw new AppError("invalid:archive", `Not part of any definition in the archive: ${extra.join(", ")}.`);
  if (!planned.length) throw new AppError("invalid:archive", "The archive holds no quiz or lab (quizzes/<slug>.yaml or labs/<slug>.yaml).");
  // who may write what, before anything is stored
  const targets = await Promise.all(
    planned.map(async (p) => {
      const existing = await db.item.findUnique({ where: { kind_slug: { kind: p.kind, slug: p.slug } }, select: { id: true } });
      if (existing) await itemFor(user, existing.id, "edit");
      return existing?.id ?? null;
    }),
  );
  const stored = await Promise.all(
    planned.map((p) =>
      p.data
        ? storeLabData(db, {
            parsed: p.data.parsed,
            fileName: p.data.fileName,
            format: p.data.fileName.endsWith(".csv") ? "csv" : "jsonl",
            createdById: user.id,
          })
        : null,
    ),
  );
  const result = await db.$transaction(
    async (tx) => {
      const out: { itemId: string; kind: string; slug: string; number: number }[] = [];
      for (let i = 0; i < planned.length; i++) {
        const p = planned[i];
        const parsed = parseDefinition(p.kind, p.source);
        if (!parsed.ok) throw invalidDefinition(parsed.problems);
        const def = parsed.definition as Prisma.InputJsonValue;
        let itemId = targets[i];
        if (!itemId) {
          const created = await tx.item.create({
            data: {
              kind: p.kind,
              slug: p.slug,
              title: parsed.definition.title,
              summary: parsed.definition.summary,
              gated: true,
              sourcePath: "",
              contentHash: "",
              state: "draft",
            },
            select: { id: true },
          });
          itemId = created.id;
          await tx.itemAuthor.create({ data: { itemId, userId: user.id } });
        }
        await tx.$executeRaw`SELECT 1 FROM "Item" WHERE "id" = ${itemId}::uuid FOR UPDATE`;
        const latest = await tx.itemVersion.findFirst({ where: { itemId }, orderBy: { number: "desc" }, select: { id: true, number: true, state: true } });
        const fields = { source: p.source, definition: def, contentHash: hashSource(p.source), dataId: stored[i]?.id ?? null };
        let number: number;
        if (latest && (latest.state === "draft" || latest.state === "in_review")) {
          await tx.itemVersion.update({
            where: { id: latest.id },
            data: { ...fields, state: "draft", origin: "import", verification: Prisma.DbNull, verifiedHash: null },
          });
          number = latest.number;
        } else {
          number = (latest?.number ?? 0) + 1;
          await tx.itemVersion.create({ data: { itemId, number, state: "draft", ...fields, origin: "import", createdById: user.id } });
        }
        out.push({ itemId, kind: p.kind, slug: p.slug, number });
      }
      return out;
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
  for (const r of result)
    await audit(db, { action: "content_imported", actorId: user.id, targetId: r.itemId, ip, detail: { kind: r.kind, slug: r.slug, version: r.number } });
  return result;
}

/**
 * Uploads the log file of a lab on uploaded data to its draft: streamed and validated (a malformed
 * line names its number and nothing is stored), stored in PostgreSQL, attached to the draft.
 */
export async function uploadLabData(user: CurrentUser, input: { itemId: string; format: "jsonl" | "csv"; body: AsyncIterable<Uint8Array> }, ip: string) {
  const item = await itemFor(user, input.itemId, "edit");
  if (item.kind !== "lab") throw new AppError("invalid:kind", "Only a lab has log data.");
  const draft = await db.itemVersion.findFirst({
    where: { itemId: item.id },
    orderBy: { number: "desc" },
    select: { id: true, state: true, definition: true },
  });
  if (!draft || (draft.state !== "draft" && draft.state !== "in_review"))
    throw new AppError("invalid:no_draft", "Save a draft first: data belongs to a draft.");
  const dataset = (draft.definition as Lab).dataset;
  if (!("upload" in dataset)) throw new AppError("invalid:dataset", 'This lab uses a generator; set dataset.upload to "<slug>.logs.jsonl" to use a file.');
  const parsed = await parseLogUpload(input.body, input.format);
  const stored = await storeLabData(db, { parsed, fileName: dataset.upload, format: input.format, createdById: user.id });
  await db.itemVersion.update({ where: { id: draft.id }, data: { dataId: stored.id, verification: Prisma.DbNull, verifiedHash: null } });
  await audit(db, { action: "lab_data_uploaded", actorId: user.id, targetId: item.id, ip, detail: { sha256: stored.sha256, events: stored.eventCount } });
  return { eventCount: stored.eventCount, labels: stored.labels, sha256: stored.sha256 };
}
