import "server-only";
import { renderMarkdown } from "@/lib/content/markdown";
import type { PublicLab } from "@/components/lab/types";
import { db } from "../db";
import { recordItemOpened } from "../progress";
import { learnerLab } from "./context";
import { loadTaskStates, promptVars } from "./state";

const one = async (rows: Promise<{ rows: (string | number | boolean | null)[][] }>) => (await rows).rows.map((r) => String(r[0]));

/** Everything the lab page needs for one learner: no truth, no key. */
export async function openLab({ userId, slug }: { userId: string; slug: string }): Promise<PublicLab | null> {
  const ctx = await learnerLab(userId, slug);
  if (!ctx) return null;
  await recordItemOpened({ userId, itemId: ctx.itemId });
  const [{ tasks, score }, history, hosts, services, levels] = await Promise.all([
    loadTaskStates(ctx.lab, { userId, itemId: ctx.itemId, vars: promptVars(ctx.truth) }),
    db.labQuery.findMany({ where: { userId, itemId: ctx.itemId }, orderBy: { id: "desc" }, take: 30, select: { sql: true, ok: true, createdAt: true } }),
    one(ctx.dataset.query("SELECT DISTINCT host FROM logs ORDER BY 1")),
    one(ctx.dataset.query("SELECT DISTINCT service FROM logs ORDER BY 1")),
    one(ctx.dataset.query("SELECT DISTINCT level FROM logs ORDER BY 1")),
  ]);
  return {
    slug: ctx.lab.slug,
    title: ctx.lab.title,
    summary: ctx.lab.summary,
    briefingHtml: renderMarkdown(ctx.lab.briefing).html,
    tasks,
    schema: ctx.dataset.schema(),
    dataset: { eventCount: ctx.dataset.eventCount, from: ctx.dataset.range.from, to: ctx.dataset.range.to, hosts, services, levels },
    ...score,
    writeupHtml: score.completed ? renderMarkdown(ctx.lab.writeup).html : undefined,
    history: history.map((h) => ({ sql: h.sql, ok: h.ok, createdAt: h.createdAt.toISOString() })),
  };
}
