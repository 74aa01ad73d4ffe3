import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { tryAgainIn, type Bucket } from "./limits";

// Sign-in limits. Every attempt takes a unit from its buckets before the password is checked (so
// parallel guesses cannot all be checked), and a successful sign-in gives its units back, so only
// failures count; the account's own buckets (its address, its device) are emptied by a success,
// forgiving the owner's typos, but not the address's bucket over all accounts. The buckets, each over 15 minutes:
// - from a browser that signed in to the account before (its device cookie): 10 for that device;
// - otherwise 5 for the account from one address, 20 from one address over all accounts, and 50
//   for the account from every address together (a spread-out guesser), which never reaches the
//   owner's own browser.
export const SIGNIN_WINDOW_SECONDS = 15 * 60;
export const SIGNIN_LIMITS = { knownDevice: 10, accountFromAddress: 5, address: 20, accountFromNewDevices: 50 } as const;

export function signInBuckets({ email, ip, deviceId }: { email: string; ip: string; deviceId: string | null }): Bucket[] {
  const w = SIGNIN_WINDOW_SECONDS;
  if (deviceId) return [{ key: `signin:device:${deviceId}:${email}`, limit: SIGNIN_LIMITS.knownDevice, windowSeconds: w }];
  return [
    { key: `signin:account-address:${email}|${ip}`, limit: SIGNIN_LIMITS.accountFromAddress, windowSeconds: w },
    { key: `signin:address:${ip}`, limit: SIGNIN_LIMITS.address, windowSeconds: w },
    { key: `signin:account:${email}`, limit: SIGNIN_LIMITS.accountFromNewDevices, windowSeconds: w },
  ];
}

/** After a successful sign-in: the units to give back, and the buckets to empty. */
export function settleSuccess(keys: readonly string[]): { giveBack: string[]; clear: string[] } {
  const own = (k: string) => k.startsWith("signin:device:") || k.startsWith("signin:account-address:");
  return { giveBack: keys.filter((k) => !own(k)), clear: keys.filter(own) };
}

export function throttledMessage(retryAfterSeconds: number): string {
  return `Too many failed sign-ins. ${tryAgainIn(retryAfterSeconds)}`;
}

/**
 * One sign-in request, as the auth route saw it (the client's address, its device cookie) and as
 * `authorize` decided it: refused for a while, or signed in on a device to remember.
 */
export type SignInAttempt = {
  ip: string;
  deviceCookie: string | undefined;
  retryAfterSeconds?: number;
  signedIn?: { userId: string; deviceId: string };
};
export const signInAttempts = new AsyncLocalStorage<SignInAttempt>();
