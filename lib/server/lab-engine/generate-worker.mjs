// Worker entry point: loads the TypeScript worker beside it through tsx (a runtime dependency,
// as for `npm start`), scoped to this import so nothing else in the process is affected.
import { tsImport } from "tsx/esm/api";

await tsImport("./generate-worker.ts", import.meta.url);
