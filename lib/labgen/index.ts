// Public surface of the Mesos-hunt lab generator. Pure TypeScript, no framework or node: imports,
// usable from server code, scripts and benches alike.
export type { Decoy, GenerateOptions, GroundTruth, Level, LogEvent } from "./types";
export { deriveSeed, generateLab, toRawLog } from "./generate";
