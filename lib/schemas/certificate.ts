import { z } from "zod";

/** Crockford base32 (no I, L, O, U): WF-XXXX-XXXX-XXXX-XXXX, 80 random bits */
export const CERTIFICATE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const certificateCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^WF(-[0-9A-HJKMNP-TV-Z]{4}){4}$/, "This is not a certificate code.");
