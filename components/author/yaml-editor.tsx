"use client";
// The definition editor: YAML in Monaco, validated live by monaco-yaml against the JSON Schema of
// the server's own zod schema; the server's problems (after a save) are marked too. Loaded with
// next/dynamic (ssr: false) so Monaco stays out of every other page.
import { useCallback, useEffect, useRef, useState } from "react";
import Editor from "@monaco-editor/react";
import type { editor } from "monaco-editor";
import type { Problem } from "@/lib/content/definition";
import { defineWatchfloorTheme } from "@/components/lab/monaco-setup";
import { useMonaco } from "@/components/lab/use-monaco";
import { EditorLoading } from "@/components/lab/editor-loading";
import { loadMonacoYaml } from "@/components/lab/monaco-yaml-setup";

const SERVER_MARKERS = "watchfloor-definition";

export type YamlEditorProps = {
  itemId: string;
  kind: "quiz" | "lab";
  initial: string;
  readOnly: boolean;
  schema: Record<string, unknown>;
  problems: Problem[];
  onChange: (value: string) => void;
  /** line to reveal, bumped by the problem list */
  reveal: { line: number; n: number } | null;
  /** every marker on the model, the schema's and the server's, as "line: message" (for tests and the list) */
  onMarkers?: (markers: { line: number; message: string }[]) => void;
};

export default function YamlEditor({ itemId, kind, initial, readOnly, schema, problems, onChange, reveal, onMarkers }: YamlEditorProps) {
  const load = useCallback(() => loadMonacoYaml(kind, `**/${kind}.yaml`, schema), [kind, schema]);
  const { monaco, failed } = useMonaco(load);
  const [instance, setInstance] = useState<editor.IStandaloneCodeEditor | null>(null);
  const onMarkersRef = useRef(onMarkers);
  useEffect(() => {
    onMarkersRef.current = onMarkers;
  });

  useEffect(() => {
    const model = instance?.getModel();
    if (!monaco || !model) return;
    monaco.editor.setModelMarkers(
      model,
      SERVER_MARKERS,
      problems.map((p) => ({
        severity: monaco.MarkerSeverity.Error,
        message: p.message,
        startLineNumber: p.line,
        startColumn: p.column,
        endLineNumber: p.line,
        endColumn: model.getLineMaxColumn(Math.min(p.line, model.getLineCount())),
      })),
    );
  }, [monaco, instance, problems]);

  useEffect(() => {
    if (!monaco || !instance) return;
    const model = instance.getModel();
    const sub = monaco.editor.onDidChangeMarkers((uris) => {
      if (!model || !uris.some((u) => u.toString() === model.uri.toString())) return;
      const markers = monaco.editor.getModelMarkers({ resource: model.uri });
      onMarkersRef.current?.(markers.map((m) => ({ line: m.startLineNumber, message: m.message })));
    });
    return () => sub.dispose();
  }, [monaco, instance]);

  useEffect(() => {
    if (!instance || !reveal) return;
    instance.revealLineInCenter(reveal.line);
    instance.setPosition({ lineNumber: reveal.line, column: 1 });
    instance.focus();
  }, [instance, reveal]);

  if (failed)
    return (
      <textarea
        aria-label="Definition (YAML)"
        defaultValue={initial}
        readOnly={readOnly}
        rows={30}
        onChange={(e) => onChange(e.target.value)}
        style={{ width: "100%", fontFamily: "monospace" }}
      />
    );
  if (!monaco) return <EditorLoading />;
  return (
    <div className="author-editor" data-testid="definition-editor">
      <Editor
        height="70vh"
        language="yaml"
        path={`file:///author/${itemId}/${kind}.yaml`}
        defaultValue={initial}
        theme="watchfloor-dark"
        beforeMount={defineWatchfloorTheme}
        onMount={(ed) => setInstance(ed)}
        onChange={(v) => onChange(v ?? "")}
        options={{
          readOnly,
          minimap: { enabled: false },
          fontSize: 13,
          tabSize: 2,
          wordWrap: "on",
          scrollBeyondLastLine: false,
          ariaLabel: "Definition (YAML)",
        }}
      />
    </div>
  );
}
