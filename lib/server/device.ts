import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { servedOverHttps as secure } from "@/lib/public-url";

// A browser that has signed in to an account before carries a device cookie for it, signed with
// the app's secret. Sign-ins from it are limited on their own, so someone guessing the account's
// password from elsewhere cannot lock its owner out of their own browser (OWASP's device cookies).

export const DEVICE_COOKIE_DAYS = 180;
/** `__Host-`: sent only over HTTPS, to this host, for every path; plain HTTP (development) cannot use it */
export const deviceCookieName = () => (secure() ? "__Host-wf-device" : "wf-device");

function mac(userId: string, deviceId: string): Buffer {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  return createHmac("sha256", secret).update(`device:${userId}:${deviceId}`).digest();
}

/** The device id in `cookieValue` when it was issued to this browser for `userId`, else null. */
export function knownDevice(cookieValue: string | undefined, userId: string): string | null {
  const [deviceId, signature, extra] = (cookieValue ?? "").split(".");
  if (!deviceId || !signature || extra !== undefined || !/^[A-Za-z0-9_-]{16,64}$/.test(deviceId)) return null;
  // compared as the text we issued: base64url decoding ignores the last character's spare bits,
  // so two spellings of one signature would both pass a comparison of the decoded bytes
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(userId, deviceId).toString("base64url"));
  return given.length === expected.length && timingSafeEqual(given, expected) ? deviceId : null;
}

export const newDeviceId = () => randomBytes(16).toString("base64url");

/** The Set-Cookie value that makes this browser a known device of `userId`. */
export function deviceCookie(userId: string, deviceId: string): string {
  const value = `${deviceId}.${mac(userId, deviceId).toString("base64url")}`;
  return `${deviceCookieName()}=${value}; Path=/; Max-Age=${DEVICE_COOKIE_DAYS * 86400}; HttpOnly; SameSite=Lax${secure() ? "; Secure" : ""}`;
}

/** One cookie's value out of a Cookie header. */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
