import "server-only";
import { randomBytes } from "node:crypto";
import { CERTIFICATE_ALPHABET } from "@/lib/schemas/certificate";
import { db } from "./db";

/** 80 random bits as WF-XXXX-XXXX-XXXX-XXXX */
function newCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CERTIFICATE_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `WF-${out.match(/.{4}/g)!.join("-")}`;
}

export type IssuedCertificate = { code: string; issuedAt: string };

/**
 * The learner's certificate for a track they have completed (every published item of it), issued
 * the first time it is asked for; null while the track is not complete.
 */
export async function certificateFor(userId: string, trackSlug: string): Promise<IssuedCertificate | null> {
  const track = await db.track.findUnique({
    where: { slug: trackSlug },
    select: { id: true, title: true, items: { where: { item: { state: "published" } }, select: { itemId: true } } },
  });
  if (!track || track.items.length === 0) return null;
  const done = await db.itemProgress.count({ where: { userId, status: "completed", itemId: { in: track.items.map((i) => i.itemId) } } });
  const existing = await db.certificate.findUnique({ where: { userId_trackId: { userId, trackId: track.id } }, select: { code: true, issuedAt: true } });
  if (existing) return { code: existing.code, issuedAt: existing.issuedAt.toISOString() };
  if (done < track.items.length) return null;
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } });
  // two tabs at once: the unique (user, track) keeps one, the other reads it
  const issued = await db.certificate.upsert({
    where: { userId_trackId: { userId, trackId: track.id } },
    create: { code: newCode(), userId, trackId: track.id, name: user.name, trackTitle: track.title },
    update: {},
    select: { code: true, issuedAt: true },
  });
  return { code: issued.code, issuedAt: issued.issuedAt.toISOString() };
}

export type CertificateCheck = {
  code: string;
  name: string;
  trackTitle: string;
  trackSlug: string;
  issuedAt: string;
  /** "valid", or what happened to the account since: deactivated, or its password reset by an admin */
  status: "valid" | "deactivated" | "reset";
  since: string | null;
};

/** What /certificates/<code> shows; null for a code that was never issued. */
export async function checkCertificate(code: string): Promise<CertificateCheck | null> {
  const c = await db.certificate.findUnique({
    where: { code },
    select: {
      code: true,
      name: true,
      trackTitle: true,
      issuedAt: true,
      track: { select: { slug: true } },
      user: { select: { active: true, deactivatedAt: true, passwordResetAt: true } },
    },
  });
  if (!c) return null;
  const status = !c.user.active ? "deactivated" : c.user.passwordResetAt ? "reset" : "valid";
  const since = status === "deactivated" ? c.user.deactivatedAt : status === "reset" ? c.user.passwordResetAt : null;
  return {
    code: c.code,
    name: c.name,
    trackTitle: c.trackTitle,
    trackSlug: c.track.slug,
    issuedAt: c.issuedAt.toISOString(),
    status,
    since: since?.toISOString() ?? null,
  };
}
