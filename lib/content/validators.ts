import type { ItemValidators } from "./catalog";
import { quizSchema } from "@/lib/schemas/quiz";
import { labSchema } from "@/lib/schemas/lab";

/** Full schemas per kind, beyond the metadata every file shares. */
export const contentValidators: ItemValidators = { quiz: quizSchema, lab: labSchema };
