import "server-only";
import { renderMarkdown, renderMarkdownCached } from "@/lib/content/markdown";
import type { PublicLab } from "@/lib/lab/types";
import { db } from "../db";
import { recordItemOpened } from "../progress";
import { learnerLab } from "./context";
import { fillPrompt, loadTaskStates, promptVars, writeupVars } from "./state";
import { syncLabVariant } from "./variant";
import { savedQueries } from "./saved";

/** Everything the lab page needs for one learner: no truth, no key. */
export async function openLab({ userId, slug, savedId }: { userId: string; slug: string; savedId?: string }): Promise<PublicLab | null> {
  const ctx = await learnerLab(userId, slug);
  if (!ctx) return null;
  await recordItemOpened({ userId, itemId: ctx.itemId });
  const [{ tasks, score }, history, { meta }, dataNotice, saved] = await Promise.all([
    loadTaskStates(ctx.lab, { userId, itemId: ctx.itemId, vars: promptVars(ctx.truth) }),
    db.labQuery.findMany({ where: { userId, itemId: ctx.itemId }, orderBy: { id: "desc" }, take: 30, select: { sql: true, ok: true, createdAt: true } }),
    ctx.dataset.prepare("dataset"),
    syncLabVariant(userId, ctx.itemId),
    savedQueries(userId, ctx.itemId),
  ]);
  if (!meta) throw new Error("lab engine: a prepared dataset came without its facts");
  return {
    slug: ctx.lab.slug,
    title: ctx.lab.title,
    summary: ctx.lab.summary,
    briefingHtml: renderMarkdownCached(ctx.lab.briefing).html,
    tasks,
    schema: meta.schema,
    dataset: { eventCount: meta.eventCount, from: meta.range.from, to: meta.range.to, hosts: meta.hosts, services: meta.services, levels: meta.levels },
    ...score,
    writeupHtml: score.completed ? renderMarkdown(fillPrompt(ctx.lab.writeup, writeupVars(ctx.truth))).html : undefined,
    history: history.map((h) => ({ sql: h.sql, ok: h.ok, createdAt: h.createdAt.toISOString() })),
    saved,
    // a link to a saved query opens it, if it is this learner's own
    ...(savedId && saved.some((q) => q.id === savedId) ? { openSaved: savedId } : {}),
    ...(dataNotice ? { dataNotice } : {}),
  };
}
