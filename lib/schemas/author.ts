import { z } from "zod";
import { slugSchema } from "./content";
import { MAX_SOURCE_BYTES } from "@/lib/content/definition";

/** The inputs of /author's routes and actions. */
export const itemParamsSchema = z.object({ id: z.uuid({ error: "Not an item id" }) });

export const draftSchema = z.strictObject({
  source: z.string({ error: "Send the definition as text" }).max(MAX_SOURCE_BYTES, `The definition is larger than ${MAX_SOURCE_BYTES / 1024} KB.`),
});
export type DraftInput = z.infer<typeof draftSchema>;

export const itemStateSchema = z.strictObject({ state: z.enum(["in_review", "draft", "archived"]) });

export const newItemSchema = z.strictObject({
  kind: z.enum(["quiz", "lab"], { error: "Choose a quiz or a lab" }),
  slug: slugSchema,
  title: z.string().trim().min(3, "At least 3 characters").max(120),
});

export const cloneSchema = z.strictObject({ itemId: z.uuid(), slug: slugSchema });

export const trackItemsSchema = z.strictObject({
  slug: slugSchema,
  /** item ids in order, one per line (the form's hidden field) */
  items: z
    .string()
    .max(200 * 40)
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.uuid()).min(1, "A track needs at least one item").max(200)),
});

export const uploadQuerySchema = z.object({ format: z.enum(["jsonl", "csv"]).default("jsonl") });
