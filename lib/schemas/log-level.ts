import { z } from "zod";

/** A log event's level, as the lab's `logs` table has it (its own module: the explorer's client code needs only this). */
export const logLevelSchema = z.enum(["DEBUG", "INFO", "WARN", "ERROR", "FATAL"]);
