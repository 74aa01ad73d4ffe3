// A learner's named queries: saved by name, replaced by the same name, bounded, private, opened by link.
import { describe, expect, it } from "vitest";
import { createAccount } from "@/lib/server/accounts";
import { db } from "@/lib/server/db";
import { changeSavedQuery } from "@/lib/server/lab/saved";
import { openLab } from "@/lib/server/lab/view";
import { MAX_SAVED_QUERIES, savedQuerySchema } from "@/lib/schemas/lab";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";

const SLUG = "cryptominer-via-marathon";
let n = 0;
const learner = async () =>
  (await createAccount(db, { name: `Saver ${++n}`, email: `saver-${n}-${Date.now()}@example.com`, password: "saved queries 123" })).userId;
const save = (userId: string, name: string, sql: string) => changeSavedQuery({ userId, slug: SLUG, input: savedQuerySchema.parse({ op: "save", name, sql }) });

describe.each(backends)("saved queries on $label", ({ create }) => {
  usePreparedDatabase(create);

  it("saves by name, replaces on the same name, and opens by link only for their owner", async () => {
    const [a, b] = [await learner(), await learner()];
    await save(a, "outside clients", "SELECT 1");
    const list = await save(a, "outside clients", "SELECT split_part(message, ' ', 1) FROM logs");
    expect(list.map((q) => [q.name, q.sql])).toEqual([["outside clients", "SELECT split_part(message, ' ', 1) FROM logs"]]);
    const id = list[0].id;
    const mine = await openLab({ userId: a, slug: SLUG, savedId: id });
    expect(mine).toMatchObject({ openSaved: id, saved: [{ id, name: "outside clients" }] });
    // another learner's link opens nothing of theirs, and they cannot delete it
    const theirs = await openLab({ userId: b, slug: SLUG, savedId: id });
    expect(theirs?.openSaved).toBeUndefined();
    expect(theirs?.saved).toEqual([]);
    await expect(changeSavedQuery({ userId: b, slug: SLUG, input: { op: "delete", id } })).rejects.toMatchObject({ code: "not_found:saved_query" });
    expect(await changeSavedQuery({ userId: a, slug: SLUG, input: { op: "delete", id } })).toEqual([]);
  });

  it("refuses a bad name or query at the boundary, an unknown lab, and more than the limit", async () => {
    expect(savedQuerySchema.safeParse({ op: "save", name: " ", sql: "SELECT 1" }).success).toBe(false);
    expect(savedQuerySchema.safeParse({ op: "save", name: "x".repeat(81), sql: "SELECT 1" }).success).toBe(false);
    expect(savedQuerySchema.safeParse({ op: "save", name: "bad\u0000name", sql: "SELECT 1" }).success).toBe(false);
    expect(savedQuerySchema.safeParse({ op: "save", name: "ok", sql: "x".repeat(20_481) }).success).toBe(false);
    const a = await learner();
    await expect(changeSavedQuery({ userId: a, slug: "no-such-lab", input: { op: "save", name: "x", sql: "SELECT 1" } })).rejects.toMatchObject({
      code: "not_found:lab",
    });
    const itemId = (await db.item.findFirstOrThrow({ where: { kind: "lab", slug: SLUG } })).id;
    await db.savedQuery.createMany({ data: Array.from({ length: MAX_SAVED_QUERIES }, (_, i) => ({ userId: a, itemId, name: `q${i}`, sql: "SELECT 1" })) });
    await expect(save(a, "one more", "SELECT 2")).rejects.toMatchObject({ code: "invalid:saved_queries" });
    // replacing one of them is still fine
    expect((await save(a, "q1", "SELECT 3")).find((q) => q.name === "q1")?.sql).toBe("SELECT 3");
  });
});
