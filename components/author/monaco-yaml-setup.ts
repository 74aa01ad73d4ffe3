// YAML in Monaco with the definition's JSON Schema (from the server's zod schema): markers at the
// line of each problem, completion of field names, hover docs. monaco-yaml runs its language
// service in a worker of our own build; nothing is fetched (enableSchemaRequest: false).
import { configureMonacoYaml, type MonacoYaml } from "monaco-yaml";
import { loadMonaco, type MonacoApi } from "@/components/lab/monaco-setup";

let yaml: MonacoYaml | null = null;

export async function loadMonacoYaml(kind: "quiz" | "lab", schema: Record<string, unknown>): Promise<MonacoApi> {
  const monaco = await loadMonaco();
  const options = {
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    schemas: [{ uri: `watchfloor://schemas/${kind}.json`, fileMatch: [`**/${kind}.yaml`], schema: schema as never }],
  };
  if (yaml) yaml.update(options);
  else yaml = configureMonacoYaml(monaco, options);
  return monaco;
}
