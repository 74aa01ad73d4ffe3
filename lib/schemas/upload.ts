import { z } from "zod";
import { plainText } from "./text";

/**
 * One event of an uploaded lab dataset: a line of a JSON-lines file, or a row of a CSV file with
 * these column names (`fields` then holds a JSON object as text). The columns are the `logs`
 * table's, so a learner queries uploaded data exactly as generated data. Events get ids 1..N in
 * file order. `label` is the ground truth a detection task is graded against (e.g. "miner"): it
 * stays on the server and never becomes a column of the learner's table.
 */
export const UPLOAD_LIMITS = {
  /** a whole file */
  maxBytes: 50 * 2 ** 20,
  maxEvents: 1_000_000,
  /** one line of the file */
  maxLineBytes: 256 * 1024,
  maxTextChars: 64 * 1024,
  maxFields: 50,
} as const;

const labelSchema = z
  .string()
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case");

export const uploadEventSchema = z.strictObject({
  /** the true instant, ISO 8601 with an offset or Z */
  ts: z.iso.datetime({ offset: true }),
  host: z.string().trim().min(1).max(253).check(plainText("line")),
  service: z.string().trim().min(1).max(100).check(plainText("line")),
  level: z.enum(["DEBUG", "INFO", "WARN", "ERROR", "FATAL"]).default("INFO"),
  /** the line exactly as the host wrote it (tabs and line breaks of a multi-line record kept) */
  raw: z.string().min(1).max(UPLOAD_LIMITS.maxTextChars).check(plainText("multiline")),
  /** the message without the line's prefix; defaults to `raw` */
  message: z.string().max(UPLOAD_LIMITS.maxTextChars).check(plainText("multiline")).optional(),
  fields: z
    .record(z.string().min(1).max(100).check(plainText("line")), z.string().max(4096).check(plainText("multiline")))
    .refine((f) => Object.keys(f).length <= UPLOAD_LIMITS.maxFields, `at most ${UPLOAD_LIMITS.maxFields} fields`)
    .default({}),
  label: labelSchema.optional(),
});
export type UploadEventInput = z.input<typeof uploadEventSchema>;
export type UploadEvent = z.infer<typeof uploadEventSchema>;

export const uploadFormatSchema = z.enum(["jsonl", "csv"]);
export type UploadFormat = z.infer<typeof uploadFormatSchema>;
