import { z } from "zod";
import { itemMetaSchema } from "./content";
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

export const labTaskSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...base, type: z.literal("host_set"), truth: z.literal("masters"), wrongPenalty: z.number().min(0).max(1).default(0.5) }),
  z.strictObject({ ...base, type: z.literal("hostport_set"), truth: z.literal("zookeeperEnsemble"), wrongPenalty: z.number().min(0).max(1).default(0.5) }),
  z.strictObject({ ...base, type: z.literal("host"), truth: z.literal("leaderQuestion") }),
  z.strictObject({ ...base, type: z.literal("text"), truth: z.literal("mesosVersion"), normalise: z.literal("version") }),
  z.strictObject({
    ...base,
    type: z.literal("choice"),
    choices: z
      .array(z.strictObject({ id: idSchema, text: z.string().trim().min(1).max(400) }))
      .min(2)
      .max(8),
    answer: idSchema,
  }),
  z.strictObject({ ...base, type: z.literal("query"), truth: z.literal("controlPlaneEventIds"), passF1: z.number().min(0.5).max(1).default(0.95) }),
]);
export type LabTask = z.infer<typeof labTaskSchema>;
export type LabTaskType = LabTask["type"];

export const labSchema = itemMetaSchema
  .extend({
    kind: z.literal("lab"),
    briefing: z.string().trim().min(20).max(20_000),
    writeup: z.string().trim().min(20).max(40_000),
    dataset: z.strictObject({ generator: z.literal("mesos-hunt"), targetEvents: z.number().int().min(10_000).max(2_000_000).default(200_000) }),
    wrongAnswersPerMinute: z.number().int().min(1).max(1000).default(10),
    tasks: z.array(labTaskSchema).min(1).max(50),
  })
  .strict()
  .superRefine((lab, ctx) => {
    const seen = new Set<string>();
    lab.tasks.forEach((task, i) => {
      if (seen.has(task.id)) ctx.addIssue({ code: "custom", path: ["tasks", i, "id"], message: `duplicate task id "${task.id}"` });
      seen.add(task.id);
      if (task.type === "choice" && !task.choices.some((c) => c.id === task.answer)) {
        ctx.addIssue({ code: "custom", path: ["tasks", i, "answer"], message: `task "${task.id}": answer "${task.answer}" is not one of its choices` });
      }
    });
  });
export type Lab = z.infer<typeof labSchema>;

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
export const querySchema = z.strictObject({ sql: z.string({ error: "Send the query as text" }).check(plainText("multiline")) });
export type QueryInput = z.infer<typeof querySchema>;
export const logLevelSchema = z.enum(["DEBUG", "INFO", "WARN", "ERROR", "FATAL"]);

/** The log explorer's filters: checked by the app, and again by the engine that runs them. */
export const exploreFiltersSchema = z.strictObject({
  from: z.iso.datetime({ offset: true, local: true }).optional(),
  to: z.iso.datetime({ offset: true, local: true }).optional(),
  hosts: z
    .array(z.string().max(200).check(plainText("line")))
    .max(200)
    .optional(),
  services: z
    .array(z.string().max(200).check(plainText("line")))
    .max(100)
    .optional(),
  levels: z.array(logLevelSchema).max(5).optional(),
  text: z.string().max(500).check(plainText("line")).optional(),
});
export const exploreSchema = z.strictObject({
  filters: exploreFiltersSchema.default({}),
  offset: z.number().int().min(0).max(5_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(200),
  facets: z.boolean().default(false),
  histogram: z.boolean().default(false),
});
export type ExploreInput = z.infer<typeof exploreSchema>;
