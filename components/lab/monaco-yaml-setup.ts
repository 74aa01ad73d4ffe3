// YAML in Monaco with JSON Schemas: markers at the line of each problem, completion of field names,
// hover docs. monaco-yaml runs its language service in a worker of our own build; nothing is
// fetched (enableSchemaRequest: false). One registry for every YAML editor on a page (the authoring
// editor's definition schema, the Sigma rule schema of a lab's Sigma task).
import { configureMonacoYaml, type MonacoYaml, type SchemasSettings } from "monaco-yaml";
import { loadMonaco, type MonacoApi } from "./monaco-setup";

let yaml: MonacoYaml | null = null;
const schemas = new Map<string, SchemasSettings>();

/** Loads Monaco with monaco-yaml, and applies `schema` to the models whose path matches `fileMatch`. */
export async function loadMonacoYaml(name: string, fileMatch: string, schema: Record<string, unknown>): Promise<MonacoApi> {
  const monaco = await loadMonaco();
  schemas.set(name, { uri: `watchfloor://schemas/${name}.json`, fileMatch: [fileMatch], schema: schema as never });
  const options = { enableSchemaRequest: false, validate: true, completion: true, hover: true, schemas: [...schemas.values()] };
  if (yaml) yaml.update(options);
  else yaml = configureMonacoYaml(monaco, options);
  return monaco;
}
