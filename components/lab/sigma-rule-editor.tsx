"use client";
// A Sigma task's answer: the rule as YAML in Monaco, checked as it is typed against the official
// Sigma rule JSON Schema (monaco-yaml: markers, completion, hover docs) and by the same compiler the
// server grades with (lib/sigma), whose SQL is shown under the editor. Loaded with next/dynamic
// (ssr: false) by task-answer-input.tsx, so Monaco and the compiler load only with a Sigma task.
import { useEffect, useState } from "react";
import Editor from "@monaco-editor/react";
import type { editor } from "monaco-editor";
import { compileSigma, type Compiled } from "@/lib/sigma";
import sigmaSchema from "@/lib/sigma/sigma-detection-rule-schema.json";
import { defineWatchfloorTheme } from "./monaco-setup";
import { loadMonacoYaml } from "./monaco-yaml-setup";
import { EditorLoading } from "./editor-loading";
import { useMonaco } from "./use-monaco";
import styles from "./lab.module.css";

export type SigmaEditorProps = { id: string; path: string; value: string; onChange: (value: string) => void; disabled: boolean; describedBy?: string };

const COMPILER_MARKERS = "watchfloor-sigma";
const COMPILE_DELAY_MS = 300;
/** the models the Sigma schema applies to: each task's editor path ends so */
const FILE_MATCH = "**/*.sigma.yml";
const loadSigmaMonaco = () => loadMonacoYaml("sigma-rule", FILE_MATCH, sigmaSchema as Record<string, unknown>);

/** The compiler's verdict on the text, a moment after typing stops. */
function useCompiled(value: string): Compiled | null {
  const [compiled, setCompiled] = useState<Compiled | null>(() => (value.trim() ? compileSigma(value) : null));
  useEffect(() => {
    const timer = setTimeout(() => setCompiled(value.trim() ? compileSigma(value) : null), COMPILE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return compiled;
}

function CompiledView({ compiled, id }: { compiled: Compiled | null; id: string }) {
  if (!compiled) return null;
  if (!compiled.ok)
    return (
      <div id={id} className={styles.sigmaProblems} role="status">
        <p>The rule does not compile yet:</p>
        <ul>
          {compiled.problems.slice(0, 8).map((p, i) => (
            <li key={i}>
              {p.line ? `Line ${p.line}: ` : ""}
              {p.message}
            </li>
          ))}
        </ul>
      </div>
    );
  return (
    <details id={id} className={styles.sigmaSql} open>
      <summary>Compiled SQL (what is run against your logs)</summary>
      <pre data-testid="sigma-sql">{compiled.sql}</pre>
    </details>
  );
}

export default function SigmaRuleEditor({ id, path, value, onChange, disabled, describedBy }: SigmaEditorProps) {
  const { monaco, failed } = useMonaco(loadSigmaMonaco);
  const [instance, setInstance] = useState<editor.IStandaloneCodeEditor | null>(null);
  const compiled = useCompiled(value);
  // the editor is uncontrolled after its first text (feeding every keystroke back loses characters)
  const [initial] = useState(value);
  const resultId = `${id}-compiled`;

  // the compiler's problems as markers too: it knows what the schema cannot (modifiers, conditions, limits)
  useEffect(() => {
    const model = instance?.getModel();
    if (!monaco || !model) return;
    const problems = compiled && !compiled.ok ? compiled.problems : [];
    monaco.editor.setModelMarkers(
      model,
      COMPILER_MARKERS,
      problems.map((p) => {
        const line = Math.min(Math.max(1, p.line ?? 1), model.getLineCount());
        return {
          severity: monaco.MarkerSeverity.Error,
          message: p.message,
          startLineNumber: line,
          startColumn: p.column ?? 1,
          endLineNumber: line,
          endColumn: model.getLineMaxColumn(line),
        };
      }),
    );
  }, [monaco, instance, compiled]);

  useEffect(() => {
    instance?.updateOptions({ readOnly: disabled });
  }, [instance, disabled]);

  const editorView = failed ? (
    <textarea
      id={id}
      className={`${styles.textarea} ${styles.mono}`}
      rows={14}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      disabled={disabled}
      spellCheck={false}
      aria-describedby={[resultId, describedBy].filter(Boolean).join(" ")}
    />
  ) : !monaco ? (
    <EditorLoading />
  ) : (
    <div className={styles.sigmaEditor} data-testid="sigma-editor" id={id}>
      <Editor
        height="100%"
        language="yaml"
        path={path}
        theme="watchfloor-dark"
        defaultValue={initial}
        beforeMount={defineWatchfloorTheme}
        onMount={(ed) => setInstance(ed)}
        onChange={(v) => onChange(v ?? "")}
        options={{
          readOnly: disabled,
          ariaLabel: "Sigma rule (YAML)",
          editContext: false,
          minimap: { enabled: false },
          fontSize: 13,
          lineNumbersMinChars: 3,
          tabSize: 2,
          insertSpaces: true,
          wordWrap: "on",
          scrollBeyondLastLine: false,
          automaticLayout: true,
          fixedOverflowWidgets: true,
          renderLineHighlight: "none",
        }}
      />
    </div>
  );
  return (
    <>
      {editorView}
      <CompiledView compiled={compiled} id={resultId} />
    </>
  );
}
