import { z } from "zod";
import { compileSigma, LIMITS as SIGMA_LIMITS } from "@/lib/sigma";
import { itemMetaSchema } from "./content";
import { EXPORT_FORMATS, MAX_CONTEXT, MAX_EXCLUDED_TEXTS, MAX_QUERY_OFFSET } from "@/lib/lab/limits";
import { logLevelSchema } from "./log-level";
import { plainText } from "./text";

/**
 * A lab file (labs/labs/*.yaml), shared with the authoring editor later.
 * Answers are never written in the file: each task names the piece of the
 * generator's ground truth it is graded against, which differs per learner.
 */
const idSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case");

export const hintSchema = z.strictObject({
  title: z.string().trim().min(3).max(120),
  content: z.string().trim().min(3).max(2000),
  cost: z.number().min(0).max(1000),
});

const base = {
  id: idSchema,
  title: z.string().trim().min(3).max(120),
  /** May use {{leaderQuestionAt}}: the learner's own instant for the leader task. */
  prompt: z.string().trim().min(10).max(2000),
  points: z.number().positive().max(1000),
  explanation: z.string().trim().min(10).max(4000),
  hints: z.array(hintSchema).max(10).default([]),
  maxAttempts: z.number().int().min(1).max(1000).optional(),
  placeholder: z.string().max(200).optional(),
  /** this lab's own feedback sentences; the grader falls back to generic ones */
  feedback: z
    .strictObject({
      /** what a set task's answer is a set of, e.g. "Mesos master hosts" */
      subject: z.string().trim().min(3).max(120).optional(),
      /** said on a wrong answer to a single-answer task */
      wrong: z.string().trim().min(3).max(500).optional(),
    })
    .optional(),
};

const hostName = z.string().trim().min(1).max(253).check(plainText("line"));
const hostPort = z
  .string()
  .trim()
  .regex(/^[^\s:]+:\d{1,5}$/, "must be host:port")
  .max(260);
/** SQL an author wrote: the reference detection, run through the same engine and allow-list as a learner's. */
const referenceSql = z.string().trim().min(8).max(20_480).check(plainText("multiline"));
const label = z
  .string()
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case");

/** The author's own Sigma rule: it must compile, like a learner's, before the lab can be saved. */
const referenceSigma = z
  .string()
  .trim()
  .min(8)
  .max(SIGMA_LIMITS.sourceBytes)
  .check(plainText("multiline"))
  .superRefine((text, ctx) => {
    const compiled = compileSigma(text);
    if (!compiled.ok)
      for (const p of compiled.problems.slice(0, 5))
        ctx.addIssue({ code: "custom", message: `the reference rule${p.line ? ` (line ${p.line})` : ""}: ${p.message}` });
  });
/** What both detection task types grade against. */
const detection = {
  truth: z.literal("controlPlaneEventIds").optional(),
  /** uploaded data: the events whose label is one of these are the positives */
  labels: z.array(label).min(1).max(20).optional(),
  passF1: z.number().min(0.5).max(1).default(0.95),
};

/**
 * Each task is graded against either a piece of the generator's ground truth (`truth`, which
 * differs per learner) or an answer key written in the file (`answer`, for labs on uploaded data,
 * where every learner has the same logs). The key stays on the server like the truth.
 */
export const labTaskSchema = z.discriminatedUnion("type", [
  z.strictObject({
    ...base,
    type: z.literal("host_set"),
    truth: z.literal("masters").optional(),
    answer: z.array(hostName).min(1).max(50).optional(),
    wrongPenalty: z.number().min(0).max(1).default(0.5),
  }),
  z.strictObject({
    ...base,
    type: z.literal("hostport_set"),
    truth: z.literal("zookeeperEnsemble").optional(),
    answer: z.array(hostPort).min(1).max(50).optional(),
    wrongPenalty: z.number().min(0).max(1).default(0.5),
  }),
  z.strictObject({ ...base, type: z.literal("host"), truth: z.literal("leaderQuestion").optional(), answer: hostName.optional() }),
  z.strictObject({
    ...base,
    type: z.literal("text"),
    truth: z.literal("mesosVersion").optional(),
    /** accepted answers; compared after `normalise` */
    answer: z
      .union([z.string().trim().min(1).max(500), z.array(z.string().trim().min(1).max(500)).min(1).max(20)])
      .transform((a) => (typeof a === "string" ? [a] : a))
      .optional(),
    /** "text": case, spaces and Unicode forms do not matter; "version": also "v1.2.3" = "Mesos 1.2.3" */
    normalise: z.enum(["text", "version"]).default("text"),
  }),
  z.strictObject({
    ...base,
    type: z.literal("choice"),
    choices: z
      .array(z.strictObject({ id: idSchema, text: z.string().trim().min(1).max(400) }))
      .min(2)
      .max(8),
    answer: idSchema,
  }),
  z.strictObject({ ...base, ...detection, type: z.literal("query"), reference: referenceSql.optional() }),
  /** a detection written as a Sigma rule (lib/sigma compiles it to SQL over `logs`), graded like "query" */
  z.strictObject({ ...base, ...detection, type: z.literal("sigma"), reference: referenceSigma.optional() }),
]);
/** The task types whose answer is a detection, graded by precision and recall on the events it selects. */
export const DETECTION_TYPES = ["query", "sigma"] as const;
export type DetectionTask = Extract<LabTask, { type: (typeof DETECTION_TYPES)[number] }>;
export const isDetectionTask = (task: LabTask): task is DetectionTask => task.type === "query" || task.type === "sigma";
export type LabTask = z.infer<typeof labTaskSchema>;
export type LabTaskType = LabTask["type"];

export const GENERATORS = ["mesos-hunt"] as const;

/** the learner's own values a generated lab's write-up may name ({{name}}), and its prompts */
export const WRITEUP_VARS = [
  "masters",
  "mesosVersion",
  "decommissionedMaster",
  "repurposedHost",
  "mentionOnlyHost",
  "localTimeMaster",
  "localTimeZone",
  "skewedAgent",
  "leaderQuestionAt",
  "leaderAtQuestion",
  "zookeeperEnsemble",
] as const;
export const PROMPT_VARS = ["leaderQuestionAt"] as const;
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]);

export const generatedDatasetSchema = z.strictObject({
  generator: z.enum(GENERATORS),
  targetEvents: z.number().int().min(10_000).max(2_000_000).default(200_000),
});
export const uploadedDatasetSchema = z.strictObject({
  /** the log file beside the definition: labs/<slug>.logs.jsonl or .csv */
  upload: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.logs\.(jsonl|csv)$/, 'must be "<slug>.logs.jsonl" or "<slug>.logs.csv"'),
  /** the DNS domain of the hosts, so a learner may answer with short or fully qualified names */
  domain: z
    .string()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "must be a DNS domain")
    .max(200)
    .optional(),
});
export type GeneratedDataset = z.infer<typeof generatedDatasetSchema>;
export type UploadedDataset = z.infer<typeof uploadedDatasetSchema>;

export const labSchema = itemMetaSchema
  .extend({
    kind: z.literal("lab"),
    briefing: z.string().trim().min(20).max(20_000),
    /** Shown once the lab is complete. On generated data it may name the learner's own values
     *  (WRITEUP_VARS: {{masters}}, {{decommissionedMaster}}, {{repurposedHost}}, …). */
    writeup: z.string().trim().min(20).max(40_000),
    dataset: z.union([generatedDatasetSchema, uploadedDatasetSchema], { error: 'dataset needs either "generator" or "upload"' }),
    wrongAnswersPerMinute: z.number().int().min(1).max(1000).default(10),
    tasks: z.array(labTaskSchema).min(1).max(50),
  })
  .strict()
  .superRefine((lab, ctx) => {
    const seen = new Set<string>();
    const uploaded = "upload" in lab.dataset;
    // a placeholder the server cannot fill would reach the learner as "{{name}}"
    const known = (allowed: readonly string[], text: string, path: (string | number)[], what: string) => {
      for (const name of placeholders(text))
        if (uploaded || !allowed.includes(name))
          ctx.addIssue({
            code: "custom",
            path,
            message: uploaded
              ? `${what}: {{${name}}} cannot be filled on uploaded data (every learner has the same logs: write the value)`
              : `${what}: unknown placeholder {{${name}}} (known: ${allowed.join(", ")})`,
          });
    };
    known(WRITEUP_VARS, lab.writeup, ["writeup"], "writeup");
    lab.tasks.forEach((task, i) => known(PROMPT_VARS, task.prompt, ["tasks", i, "prompt"], `task "${task.id}" prompt`));
    lab.tasks.forEach((task, i) => {
      if (seen.has(task.id)) ctx.addIssue({ code: "custom", path: ["tasks", i, "id"], message: `duplicate task id "${task.id}"` });
      seen.add(task.id);
      if (task.type === "choice") {
        if (!task.choices.some((c) => c.id === task.answer))
          ctx.addIssue({ code: "custom", path: ["tasks", i, "answer"], message: `task "${task.id}": answer "${task.answer}" is not one of its choices` });
        if (new Set(task.choices.map((c) => c.id)).size !== task.choices.length)
          ctx.addIssue({ code: "custom", path: ["tasks", i, "choices"], message: `task "${task.id}": two choices have the same id` });
        // as many tries as options would let a learner pass by trying each one (lib/lab/grade.ts)
        if (task.maxAttempts !== undefined && task.maxAttempts > task.choices.length - 1)
          ctx.addIssue({
            code: "custom",
            path: ["tasks", i, "maxAttempts"],
            message: `task "${task.id}": a choice task allows at most ${task.choices.length - 1} attempts (one fewer than its choices)`,
          });
        return;
      }
      const keyed = isDetectionTask(task) ? task.labels : task.answer;
      const key = isDetectionTask(task) ? "labels" : "answer";
      if (task.truth && keyed) ctx.addIssue({ code: "custom", path: ["tasks", i, key], message: `task "${task.id}": give either truth or ${key}, not both` });
      else if (!task.truth && !keyed)
        ctx.addIssue({ code: "custom", path: ["tasks", i], message: `task "${task.id}": needs ${uploaded ? key : `truth or ${key}`}` });
      else if (task.truth && uploaded)
        ctx.addIssue({
          code: "custom",
          path: ["tasks", i, "truth"],
          message: `task "${task.id}": truth comes from the generator; a lab on uploaded data uses ${key}`,
        });
      else if (isDetectionTask(task) && task.labels && !uploaded)
        ctx.addIssue({ code: "custom", path: ["tasks", i, "labels"], message: `task "${task.id}": labels grade uploaded data; generated data uses truth` });
    });
  });
export type Lab = z.infer<typeof labSchema>;
export const isUploadedLab = (lab: Lab): lab is Lab & { dataset: UploadedDataset } => "upload" in lab.dataset;

export const MAX_ANSWER_ITEMS = 50;
export const MAX_ANSWER_LENGTH = 20_480;

/** A learner's answer as it arrives at the boundary. */
export const labAnswerSchema = z.strictObject({
  taskId: idSchema,
  answer: z.union(
    [
      z
        .string()
        .trim()
        .min(1, "Enter an answer")
        .max(MAX_ANSWER_LENGTH, `Answers are limited to ${MAX_ANSWER_LENGTH / 1024} KB`)
        .check(plainText("multiline")),
      z
        .array(z.string().trim().min(1).max(300, "Each entry is limited to 300 characters").check(plainText("line")))
        .min(1, "Enter at least one value")
        .max(MAX_ANSWER_ITEMS, `At most ${MAX_ANSWER_ITEMS} values`),
    ],
    { error: "The answer must be text or a list of values" },
  ),
});
export type LabAnswerInput = z.infer<typeof labAnswerSchema>;

export const hintRequestSchema = z.strictObject({ taskId: idSchema, hintIndex: z.number().int().min(0).max(9) });
export type HintRequestInput = z.infer<typeof hintRequestSchema>;
// Tab and line breaks are part of SQL; the engine refuses the other control characters too,
// but only after the dataset is loaded and with the query already on its way to history.
const learnerSql = z.string({ error: "Send the query as text" }).check(plainText("multiline"));
/** A query to run; with `offset`, a later page of a result already run (not a new history entry). */
export const querySchema = z.strictObject({
  sql: learnerSql,
  offset: z
    .number({ error: "The page must start at a row number" })
    .int()
    .min(0)
    .max(MAX_QUERY_OFFSET, `Pages start at most ${MAX_QUERY_OFFSET.toLocaleString("en-US")} rows in; narrow the query`)
    .optional(),
});
export type QueryInput = z.infer<typeof querySchema>;
/** A query's whole result as a file. */
export const queryExportSchema = z.strictObject({
  sql: learnerSql,
  format: z.enum(EXPORT_FORMATS, { error: 'The format is "csv" or "jsonl"' }),
});
export type QueryExportInput = z.infer<typeof queryExportSchema>;
export { logLevelSchema };

const hostList = z
  .array(z.string().max(200).check(plainText("line")))
  .max(200)
  .optional();
const serviceList = z
  .array(z.string().max(200).check(plainText("line")))
  .max(100)
  .optional();
const levelList = z.array(logLevelSchema).max(5).optional();
const messageText = z.string().max(500).check(plainText("line"));
/** The log explorer's filters: checked by the app, and again by the engine that runs them. The
 *  exclude lists drop events whose value is one of them, `excludeText` those whose message
 *  contains any of its texts (as `text`, case-insensitive). */
export const exploreFiltersSchema = z.strictObject({
  from: z.iso.datetime({ offset: true, local: true }).optional(),
  to: z.iso.datetime({ offset: true, local: true }).optional(),
  hosts: hostList,
  services: serviceList,
  levels: levelList,
  text: messageText.optional(),
  excludeHosts: hostList,
  excludeServices: serviceList,
  excludeLevels: levelList,
  excludeText: z.array(messageText).max(MAX_EXCLUDED_TEXTS).optional(),
});
export const exploreSchema = z.strictObject({
  filters: exploreFiltersSchema.default({}),
  offset: z.number().int().min(0).max(5_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(200),
  facets: z.boolean().default(false),
  histogram: z.boolean().default(false),
});
export type ExploreInput = z.infer<typeof exploreSchema>;
/** The explorer's detail view: one event by id, with up to MAX_CONTEXT events before and after it on its host. */
export const eventContextSchema = z.strictObject({
  id: z.number({ error: "Name the event by its id" }).int().min(0).max(Number.MAX_SAFE_INTEGER),
  before: z.number().int().min(0).max(MAX_CONTEXT).default(5),
  after: z.number().int().min(0).max(MAX_CONTEXT).default(5),
});
export type EventContextInput = z.infer<typeof eventContextSchema>;

/** A learner's named query in a lab: saved (by name: the same name replaces it) or deleted. */
export const MAX_SAVED_QUERIES = 100;
export const savedQuerySchema = z.discriminatedUnion("op", [
  z.strictObject({
    op: z.literal("save"),
    name: z.string({ error: "Name the query" }).trim().min(1, "Name the query").max(80, "Use at most 80 characters").check(plainText("line")),
    sql: z.string().trim().min(1, "Write a query first").max(20_480, "Queries are limited to 20 KB").check(plainText("multiline")),
  }),
  z.strictObject({ op: z.literal("delete"), id: z.uuid({ error: "Unknown saved query" }) }),
]);
export type SavedQueryInput = z.infer<typeof savedQuerySchema>;
