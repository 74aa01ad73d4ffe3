import { z } from "zod";

export const slugSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case (a-z, 0-9 and single hyphens)");

export const itemKindSchema = z.enum(["lesson", "quiz", "lab"]);
export type ItemKind = z.infer<typeof itemKindSchema>;

/** The fields every content file shares, whatever its kind. */
export const itemMetaSchema = z.object({
  kind: itemKindSchema,
  slug: slugSchema,
  title: z.string().trim().min(3).max(120),
  summary: z.string().trim().min(10).max(300),
});

export const lessonFrontMatterSchema = itemMetaSchema.extend({
  kind: z.literal("lesson"),
  estimatedMinutes: z.number().int().min(1).max(240),
  objectives: z.array(z.string().trim().min(5).max(200)).min(1).max(10),
});
export type LessonFrontMatter = z.infer<typeof lessonFrontMatterSchema>;

export const itemRefSchema = z.string().regex(/^(lesson|quiz|lab)\/[a-z0-9-]+$/, 'must look like "lesson/<slug>", "quiz/<slug>" or "lab/<slug>"');

export const trackSchema = z.object({
  slug: slugSchema,
  title: z.string().trim().min(3).max(120),
  summary: z.string().trim().min(10).max(500),
  items: z.array(itemRefSchema).min(1).max(200),
});
export type TrackFile = z.infer<typeof trackSchema>;
