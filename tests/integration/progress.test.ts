import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { createAccount } from "@/lib/server/accounts";
import { completeItem, recordItemOpened } from "@/lib/server/progress";
import { findItemId, getTrack } from "@/lib/server/tracks";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";

async function learnerAndLesson(email: string) {
  const account = await createAccount(db, { name: "Pat Learner", email, password: "correct horse battery" });
  const itemId = await findItemId("lesson", "kubernetes-vs-mesos");
  if (!itemId) throw new Error("lesson not synced");
  return { userId: account.userId, itemId };
}

describe.each(backends)("progress on $label", ({ create }) => {
  usePreparedDatabase(create);

  it("keeps one row when the lesson is opened 20 times at once, and logs every opening", async () => {
    const ids = await learnerAndLesson("opener@example.com");
    const statuses = await Promise.all(Array.from({ length: 20 }, () => recordItemOpened(ids)));
    expect(new Set(statuses)).toEqual(new Set(["in_progress"]));
    const rows = await db.itemProgress.findMany({ where: ids });
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe("in_progress");
    expect(rows[0].firstActivityAt).toBeInstanceOf(Date);
    expect(await db.activityEvent.count({ where: { ...ids, type: "opened" } })).toBe(20);
  });

  it("completes once under 10 concurrent completions and stays completed when reopened", async () => {
    const ids = await learnerAndLesson("finisher@example.com");
    await recordItemOpened(ids);
    const results = await Promise.all(Array.from({ length: 10 }, () => completeItem(ids)));
    expect(results.filter(Boolean)).toHaveLength(1);
    // reopening a completed lesson keeps it completed, and says so
    expect(await recordItemOpened(ids)).toBe("completed");
    const row = await db.itemProgress.findUniqueOrThrow({ where: { userId_itemId: ids } });
    expect(row.status).toBe("completed");
    expect(row.completedAt).toBeInstanceOf(Date);
    expect(await db.activityEvent.count({ where: { ...ids, type: "completed" } })).toBe(1);
  });

  it("shows the track in order with the learner's own statuses only", async () => {
    const a = await learnerAndLesson("track-a@example.com");
    const b = await learnerAndLesson("track-b@example.com");
    await completeItem(a);
    const forA = await getTrack("soc-analyst-tier-1", a.userId);
    const forB = await getTrack("soc-analyst-tier-1", b.userId);
    expect(forA?.items.map((i) => `${i.kind}/${i.slug}`)).toEqual([
      "lesson/kubernetes-vs-mesos",
      "quiz/kubernetes-vs-mesos",
      "lab/unpatched-mesos-control-plane",
      "lab/cryptominer-via-marathon",
    ]);
    expect(forA?.items.map((i) => i.status)).toEqual(["completed", "not_started", "not_started", "not_started"]);
    expect(forA?.completed).toBe(1);
    expect(forB?.items[0].status).toBe("not_started");
    expect(await getTrack("no-such-track", a.userId)).toBeNull();
  });
});
