"use client";
// The only module that pulls in Monaco; query-panel.tsx loads it with next/dynamic (ssr: false).
import { useEffect, useRef, useState } from "react";
import Editor from "@monaco-editor/react";
import type { editor } from "monaco-editor";
import type { Column } from "@/lib/lab/types";
import { defineWatchfloorTheme, loadMonaco, registerSqlCompletion, setCompletionSchema } from "./monaco-setup";
import { useMonaco } from "./use-monaco";
import { EditorLoading } from "./editor-loading";
import styles from "./lab.module.css";

export type EditorError = { message: string; position?: number } | null;
export type SqlEditorProps = {
  value: string;
  onChange: (value: string) => void;
  /** Called with the editor's own text, so Ctrl+Enter right after typing runs what was typed. */
  onRun: (sql: string) => void;
  schema: Column[];
  error: EditorError;
  focusRequest: number;
};

const MARKER_OWNER = "watchfloor-query";
const loadSqlMonaco = () =>
  loadMonaco().then((m) => {
    registerSqlCompletion(m);
    return m;
  });

export default function MonacoSqlEditor({ value, onChange, onRun, schema, error, focusRequest }: SqlEditorProps) {
  const { monaco, failed } = useMonaco(loadSqlMonaco);
  const [instance, setInstance] = useState<editor.IStandaloneCodeEditor | null>(null);
  const onRunRef = useRef(onRun);
  const lastEmitted = useRef(value);
  useEffect(() => {
    onRunRef.current = onRun;
  });

  useEffect(() => setCompletionSchema(schema), [schema]);

  // Uncontrolled editor: feeding every keystroke back through `value` loses characters when typing
  // fast (a stale value overwrites newer text). Only text set from outside (explorer, history) is pushed in,
  // as an undoable edit.
  useEffect(() => {
    if (!instance || value === lastEmitted.current) return;
    lastEmitted.current = value;
    const model = instance.getModel();
    if (!model || model.getValue() === value) return;
    instance.pushUndoStop();
    instance.executeEdits("watchfloor", [{ range: model.getFullModelRange(), text: value }]);
    instance.pushUndoStop();
    instance.setPosition(model.getFullModelRange().getEndPosition());
  }, [value, instance]);

  useEffect(() => {
    if (focusRequest > 0) instance?.focus();
  }, [focusRequest, instance]);

  // The server's error position becomes a squiggle at the right spot in the editor.
  useEffect(() => {
    const model = instance?.getModel();
    if (!monaco || !model) return;
    if (!error || error.position === undefined) {
      monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
      return;
    }
    const start = model.getPositionAt(error.position);
    const word = model.getWordAtPosition(start);
    const endColumn = word && word.endColumn > start.column ? word.endColumn : start.column + 1;
    monaco.editor.setModelMarkers(model, MARKER_OWNER, [
      {
        severity: monaco.MarkerSeverity.Error,
        message: error.message,
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: start.lineNumber,
        endColumn,
      },
    ]);
  }, [error, monaco, instance]);

  if (failed) {
    return (
      <textarea
        className={styles.editorFallback}
        aria-label="SQL query"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            onRunRef.current(e.currentTarget.value);
          }
        }}
      />
    );
  }
  if (!monaco) return <EditorLoading />;

  return (
    <div className={styles.editor} data-testid="sql-editor">
      <Editor
        height="100%"
        language="sql"
        theme="watchfloor-dark"
        defaultValue={value}
        onChange={(v) => {
          lastEmitted.current = v ?? "";
          onChange(v ?? "");
        }}
        loading={<EditorLoading />}
        beforeMount={() => defineWatchfloorTheme(monaco)}
        onMount={(ed: editor.IStandaloneCodeEditor) => {
          ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => {
            // running closes the completion popup instead of leaving it over the results
            ed.trigger("run", "hideSuggestWidget", null);
            onRunRef.current(ed.getValue());
          });
          setInstance(ed);
        }}
        options={{
          ariaLabel: "SQL query (Ctrl+Enter runs it)",
          // Chromium's EditContext input path (Monaco's default there) drops keystrokes sent by
          // automation (Playwright keyboard.type lost ~1 in 3 characters); the textarea path does not.
          editContext: false,
          minimap: { enabled: false },
          fontSize: 14,
          lineNumbersMinChars: 3,
          scrollBeyondLastLine: false,
          wordWrap: "on",
          tabSize: 2,
          automaticLayout: true,
          fixedOverflowWidgets: true,
          renderLineHighlight: "none",
          padding: { top: 8, bottom: 8 },
        }}
      />
    </div>
  );
}
