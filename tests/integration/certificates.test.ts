// Certificates: issued once when every published item of the track is complete, checkable by code,
// and saying so when the account was deactivated or its password reset.
import { describe, expect, it } from "vitest";
import { createAccount } from "@/lib/server/accounts";
import { db } from "@/lib/server/db";
import { certificateFor, checkCertificate } from "@/lib/server/certificates";
import { certificateCodeSchema } from "@/lib/schemas/certificate";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";

const TRACK = "soc-analyst-tier-1";
let n = 0;

async function learner() {
  const { userId } = await createAccount(db, { name: `Cert Learner ${++n}`, email: `cert-${n}-${Date.now()}@example.com`, password: "certificate pass 1" });
  return userId;
}

async function complete(userId: string, except: number = -1) {
  const track = await db.track.findUniqueOrThrow({ where: { slug: TRACK }, include: { items: { orderBy: { position: "asc" } } } });
  for (const [i, t] of track.items.entries()) {
    if (i === except) continue;
    await db.itemProgress.upsert({
      where: { userId_itemId: { userId, itemId: t.itemId } },
      create: { userId, itemId: t.itemId, status: "completed", completedAt: new Date(), score: 1 },
      update: { status: "completed", completedAt: new Date() },
    });
  }
  return track;
}

describe.each(backends)("certificates on $label", ({ create }) => {
  usePreparedDatabase(create);

  it("is issued once, when the whole track is complete, under the name of that day", async () => {
    const id = await learner();
    const track = await complete(id, 3);
    expect(await certificateFor(id, TRACK)).toBeNull();
    await complete(id);
    const first = await certificateFor(id, TRACK);
    expect(first?.code).toMatch(/^WF(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    expect(certificateCodeSchema.parse(first!.code.toLowerCase())).toBe(first!.code);
    const [again, twice] = await Promise.all([certificateFor(id, TRACK), certificateFor(id, TRACK)]);
    expect([again?.code, twice?.code]).toEqual([first!.code, first!.code]);
    expect(await db.certificate.count({ where: { userId: id } })).toBe(1);
    const name = (await db.user.findUniqueOrThrow({ where: { id } })).name;
    await db.user.update({ where: { id }, data: { name: "Renamed Later" } });
    expect(await checkCertificate(first!.code)).toMatchObject({
      code: first!.code,
      name,
      trackTitle: "SOC Analyst Tier 1",
      trackSlug: TRACK,
      status: "valid",
      since: null,
    });
    expect(track.items).toHaveLength(4);
  });

  it("says when the account was deactivated or had its password reset; an unknown code is nothing", async () => {
    const id = await learner();
    await complete(id);
    const { code } = (await certificateFor(id, TRACK))!;
    await db.user.update({ where: { id }, data: { active: false, deactivatedAt: new Date("2026-05-01T00:00:00Z") } });
    expect(await checkCertificate(code)).toMatchObject({ status: "deactivated", since: "2026-05-01T00:00:00.000Z" });
    await db.user.update({ where: { id }, data: { active: true, deactivatedAt: null, passwordResetAt: new Date("2026-06-01T00:00:00Z") } });
    expect(await checkCertificate(code)).toMatchObject({ status: "reset", since: "2026-06-01T00:00:00.000Z" });
    expect(await checkCertificate("WF-0000-0000-0000-0000")).toBeNull();
    expect(certificateCodeSchema.safeParse("WF-OOOO-0000-0000-0000").success).toBe(false);
  });
});
