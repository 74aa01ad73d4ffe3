import { parse as parseYaml } from "yaml";

export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "ContentError";
  }
}

export function parseYamlOrThrow(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    throw new ContentError(file, `invalid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
}

/** Formats zod issues as "path: message; path: message". */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`).join("; ");
}
