import "server-only";
import { createHash } from "node:crypto";
import { Document, parseDocument } from "yaml";
import type { EditorVersion, EditorView, Verification } from "@/lib/author/types";
import { parseDefinition, type Problem } from "@/lib/content/definition";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ContentState, ItemKind } from "@/lib/generated/prisma/enums";
import type { CurrentUser } from "../auth";
import { audit } from "../audit";
import { AppError } from "../errors";
import { db } from "../db";
import { itemFor } from "./access";
import { starterSource } from "./starters";

export type AuthorListRow = {
  id: string;
  kind: ItemKind;
  slug: string;
  title: string;
  state: ContentState;
  /** the newest published version, and the number of a draft newer than it */
  published: number | null;
  draft: number | null;
  lastEdit: string;
  authors: string[];
  learners: number;
  mine: boolean;
};

/** Every quiz and lab this author may see: all published ones, and the drafts they author (admins: all). */
export async function listAuthorItems(user: CurrentUser): Promise<AuthorListRow[]> {
  const admin = user.role === "admin";
  const items = await db.item.findMany({
    where: { kind: { in: ["quiz", "lab"] }, ...(admin ? {} : { OR: [{ currentVersionId: { not: null } }, { authors: { some: { userId: user.id } } }] }) },
    orderBy: [{ kind: "asc" }, { slug: "asc" }],
    select: {
      id: true,
      kind: true,
      slug: true,
      title: true,
      state: true,
      currentVersion: { select: { number: true } },
      versions: { orderBy: { number: "desc" }, take: 1, select: { number: true, state: true, updatedAt: true } },
      authors: { select: { userId: true, user: { select: { name: true } } } },
      _count: { select: { progress: true } },
    },
  });
  return items.map((i) => {
    const latest = i.versions[0];
    const draft = latest && (latest.state === "draft" || latest.state === "in_review") ? latest.number : null;
    return {
      id: i.id,
      kind: i.kind,
      slug: i.slug,
      title: i.title,
      state: i.state,
      published: i.currentVersion?.number ?? null,
      draft,
      lastEdit: (latest?.updatedAt ?? new Date(0)).toISOString(),
      authors: i.authors.map((a) => a.user.name),
      learners: i._count.progress,
      mine: admin || i.authors.some((a) => a.userId === user.id),
    };
  });
}

export const hashSource = (source: string) => createHash("sha256").update(source).digest("hex");

export function invalidDefinition(problems: Problem[]): AppError {
  const n = problems.length;
  return new AppError("invalid:definition", `The definition has ${n} problem${n === 1 ? "" : "s"}; nothing was saved.`, { problems });
}

async function createWithDraft(
  user: CurrentUser,
  kind: "quiz" | "lab",
  source: string,
  origin: string,
  dataId: string | null,
  tx: Prisma.TransactionClient,
): Promise<{ itemId: string; versionId: string }> {
  const parsed = parseDefinition(kind, source);
  if (!parsed.ok) throw invalidDefinition(parsed.problems);
  const def = parsed.definition;
  const taken = await tx.item.findUnique({ where: { kind_slug: { kind, slug: def.slug } }, select: { id: true } });
  if (taken) throw new AppError("conflict:slug", `A ${kind} with the slug "${def.slug}" already exists; choose another.`);
  const item = await tx.item.create({
    data: { kind, slug: def.slug, title: def.title, summary: def.summary, gated: true, sourcePath: "", contentHash: "", state: "draft" },
    select: { id: true },
  });
  await tx.itemAuthor.create({ data: { itemId: item.id, userId: user.id } });
  const version = await tx.itemVersion.create({
    data: {
      itemId: item.id,
      number: 1,
      state: "draft",
      source,
      definition: def as Prisma.InputJsonValue,
      contentHash: hashSource(source),
      origin,
      dataId,
      createdById: user.id,
    },
    select: { id: true },
  });
  return { itemId: item.id, versionId: version.id };
}

/** "New lab" / "New quiz": an item of its own, with a valid starter draft authored by the caller. */
export async function createItem(user: CurrentUser, input: { kind: "quiz" | "lab"; slug: string; title: string }, ip: string) {
  const created = await db.$transaction((tx) => createWithDraft(user, input.kind, starterSource(input.kind, input.slug, input.title), "editor", null, tx));
  await audit(db, { action: "content_created", actorId: user.id, targetId: created.itemId, ip, detail: { kind: input.kind, slug: input.slug } });
  return created;
}

/** Sets top-level keys of a YAML definition, keeping the author's comments and layout. */
export function withFields(source: string, fields: Record<string, string>): string {
  const doc: Document = parseDocument(source);
  for (const [k, v] of Object.entries(fields)) doc.set(k, v);
  return doc.toString({ lineWidth: 0 });
}

/** "Clone": a new item, authored by the caller, starting from the newest version they can read. */
export async function cloneItem(user: CurrentUser, input: { itemId: string; slug: string }, ip: string) {
  const source = await itemFor(user, input.itemId, "read");
  if (source.kind === "lesson") throw new AppError("invalid:kind", "Lessons are edited as files.");
  const latest = await db.itemVersion.findFirst({
    where: { itemId: source.id, ...(user.role === "admin" ? {} : { state: { in: ["published", "archived"] } }) },
    orderBy: { number: "desc" },
    select: { source: true, dataId: true, definition: true },
  });
  if (!latest) throw new AppError("not_found:version", "This item has no version to clone.");
  const title = `${source.title} (copy)`.slice(0, 120);
  const text = withFields(latest.source, { slug: input.slug, title });
  const kind = source.kind;
  const created = await db.$transaction((tx) => createWithDraft(user, kind, text, "clone", latest.dataId, tx));
  await audit(db, { action: "content_cloned", actorId: user.id, targetId: created.itemId, ip, detail: { from: source.id, slug: input.slug } });
  return created;
}

const versionFields = { id: true, number: true, state: true, updatedAt: true, publishedAt: true, origin: true } as const;
const toEditorVersion = (v: { id: string; number: number; state: ContentState; updatedAt: Date; publishedAt: Date | null; origin: string }): EditorVersion => ({
  id: v.id,
  number: v.number,
  state: v.state,
  updatedAt: v.updatedAt.toISOString(),
  publishedAt: v.publishedAt?.toISOString() ?? null,
  origin: v.origin,
});

export async function editorView(user: CurrentUser, itemId: string): Promise<EditorView> {
  const item = await itemFor(user, itemId, "read");
  const { mine } = item;
  const versions = await db.itemVersion.findMany({
    where: { itemId, ...(mine ? {} : { state: { in: ["published", "archived"] } }) },
    orderBy: { number: "desc" },
    select: {
      ...versionFields,
      source: true,
      verification: true,
      verifiedHash: true,
      contentHash: true,
      data: { select: { fileName: true, eventCount: true, bytes: true, labels: true } },
    },
  });
  const open = versions[0];
  if (!open) throw new AppError("not_found:version", "This item has no version.");
  const editable = mine && (open.state === "draft" || open.state === "in_review");
  const learners = await db.itemProgress.count({ where: { itemId } });
  return {
    item,
    version: {
      ...toEditorVersion(open),
      source: open.source,
      editable,
      verification: open.verification as Verification | null,
      verified: open.verifiedHash === open.contentHash && (open.verification as { ok?: boolean } | null)?.ok === true,
    },
    versions: versions.map(toEditorVersion),
    data: open.data ? { ...open.data, labels: open.data.labels as Record<string, number> } : null,
    learners,
  };
}

/**
 * Saves the author's text as the item's draft: refused (with every problem, at its line) when it
 * does not validate, and nothing changes. A released version is never changed: saving over one
 * starts the next draft. The slug is the item's identity (its URL, its learners' progress) and
 * cannot change; the kind neither.
 */
export async function saveDraft(user: CurrentUser, input: { itemId: string; source: string }) {
  const item = await itemFor(user, input.itemId, "edit");
  if (item.kind === "lesson") throw new AppError("invalid:kind", "Lessons are edited as files.");
  const parsed = parseDefinition(item.kind, input.source);
  if (!parsed.ok) throw invalidDefinition(parsed.problems);
  const def = parsed.definition;
  if (def.slug !== item.slug)
    throw invalidDefinition([{ message: `the slug is "${item.slug}" and cannot change (clone the item for a new one)`, path: "slug", line: 1, column: 1 }]);
  const contentHash = hashSource(input.source);
  return await db.$transaction(async (tx) => {
    // one writer at a time per item: two tabs saving at once cannot create two drafts
    await tx.$executeRaw`SELECT 1 FROM "Item" WHERE "id" = ${item.id}::uuid FOR UPDATE`;
    const latest = await tx.itemVersion.findFirst({
      where: { itemId: item.id },
      orderBy: { number: "desc" },
      select: { id: true, number: true, state: true, dataId: true, contentHash: true },
    });
    const data = { source: input.source, definition: def as Prisma.InputJsonValue, contentHash };
    if (latest && (latest.state === "draft" || latest.state === "in_review")) {
      if (latest.contentHash === contentHash) return { versionId: latest.id, number: latest.number, changed: false };
      // an edit sends a version in review back to draft, and its verification no longer holds
      await tx.itemVersion.update({ where: { id: latest.id }, data: { ...data, verification: Prisma.DbNull, verifiedHash: null, state: "draft" } });
      return { versionId: latest.id, number: latest.number, changed: true };
    }
    const created = await tx.itemVersion.create({
      data: {
        itemId: item.id,
        number: (latest?.number ?? 0) + 1,
        state: "draft",
        ...data,
        origin: "editor",
        dataId: latest?.dataId ?? null,
        createdById: user.id,
      },
      select: { id: true, number: true },
    });
    return { versionId: created.id, number: created.number, changed: true };
  });
}
