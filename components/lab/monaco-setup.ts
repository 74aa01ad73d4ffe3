// Loads the locally installed monaco-editor (never the CDN default of @monaco-editor/react),
// with its editor worker bundled by Next, and registers the SQL completions once per page.
import { loader } from "@monaco-editor/react";
import type * as MonacoNamespace from "monaco-editor";
import type { Column } from "@/lib/lab/types";
import { fieldKeyItems, sqlCompletionItems } from "./sql-completions";

// Our own name for the API: @monaco-editor/react's `Monaco` type points at a path that
// monaco-editor 0.57's package "exports" no longer serve, so it degrades to `any`.
export type MonacoApi = typeof MonacoNamespace;

let loading: Promise<MonacoApi> | null = null;

export function loadMonaco(): Promise<MonacoApi> {
  if (!loading) {
    // Must be set before monaco starts: without it Monaco runs its worker code on the main thread.
    // The specifier follows monaco-editor's package "exports" ("./*" -> "./esm/vs/*.js").
    (self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
      getWorker: (_moduleId: string, label: string) =>
        label === "yaml"
          ? new Worker(new URL("monaco-yaml/yaml.worker.js", import.meta.url), { type: "module" })
          : new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), { type: "module" }),
    };
    loading = import("monaco-editor").then(
      (monaco) => {
        loader.config({ monaco });
        return monaco;
      },
      (err: unknown) => {
        loading = null; // let a later mount try again
        throw err;
      },
    );
  }
  return loading;
}

// Completions read the schema through this variable, so one provider serves every editor mount.
let schema: Column[] = [];
export function setCompletionSchema(columns: Column[]) {
  schema = columns;
}

const REGISTERED = Symbol.for("watchfloor.sqlCompletion");

/** Idempotent: React strict mode mounts twice, and Fast Refresh re-runs modules. */
export function registerSqlCompletion(monaco: MonacoApi) {
  const registry = globalThis as unknown as Record<symbol, boolean>;
  if (registry[REGISTERED]) return;
  registry[REGISTERED] = true;
  monaco.languages.registerCompletionItemProvider("sql", {
    triggerCharacters: ["[", "'"],
    provideCompletionItems(model, position) {
      // After `fields[` or `fields['fi`, replace from "fields" on, so the key is not typed twice.
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const partial = /fields\s*\[\s*'?\w*$/i.exec(before);
      if (partial) {
        const start = position.column - partial[0].length;
        // Also swallow the `']` Monaco auto-closed after the cursor.
        const closing = /^'?\]?/.exec(model.getLineContent(position.lineNumber).slice(position.column - 1))?.[0] ?? "";
        const range = {
          startLineNumber: position.lineNumber,
          endLineNumber: position.lineNumber,
          startColumn: start,
          endColumn: position.column + closing.length,
        };
        return { suggestions: fieldKeyItems(monaco, range) };
      }
      const word = model.getWordUntilPosition(position);
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: word.startColumn,
        endColumn: word.endColumn,
      };
      return { suggestions: sqlCompletionItems(monaco, schema, range) };
    },
  });
}

export function defineWatchfloorTheme(monaco: MonacoApi) {
  monaco.editor.defineTheme("watchfloor-dark", {
    base: "vs-dark",
    inherit: true,
    rules: [],
    // line numbers at 4.5:1 or more against the background (WCAG AA; vs-dark's grey is about 4.1:1)
    colors: {
      "editor.background": "#1d2630",
      "editorGutter.background": "#1d2630",
      "editorLineNumber.foreground": "#9ba7b4",
      "editorLineNumber.activeForeground": "#e6edf3",
    },
  });
}
