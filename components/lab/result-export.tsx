"use client";
import { useState } from "react";
import { EXPORT_LIMITS, megabytes, type ExportFormat } from "@/lib/lab/limits";
import { describeFailure, downloadLab } from "./api";
import styles from "./lab.module.css";

const FORMATS: { format: ExportFormat; label: string; name: string }[] = [
  { format: "csv", label: "Export CSV", name: "CSV" },
  { format: "jsonl", label: "Export JSON lines", name: "JSON lines" },
];

/** The whole result of the query on screen as a file (the query runs again on the server). */
export function ResultExport({ slug, sql }: { slug: string; sql: string }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string }>();

  async function exportAs(format: ExportFormat, name: string) {
    setBusy(format);
    setStatus({ error: false, text: `Preparing the ${name} file…` });
    const res = await downloadLab(slug, "query/export", { sql, format }).finally(() => setBusy(null));
    setStatus(res.ok ? { error: false, text: `Downloaded ${res.data.filename}.` } : { error: true, text: describeFailure(res.error) });
  }

  return (
    <div className={styles.actions}>
      {FORMATS.map(({ format, label, name }) => (
        <button key={format} type="button" className="secondary" disabled={busy !== null} onClick={() => exportAs(format, name)}>
          {label}
        </button>
      ))}
      <span className="hint">
        The whole result, up to {EXPORT_LIMITS.maxRows.toLocaleString("en-US")} rows and {megabytes(EXPORT_LIMITS.maxBytes)}.
      </span>
      <span aria-live="polite">
        {status &&
          (status.error ? (
            <span className="form-error" role="alert">
              {status.text}
            </span>
          ) : (
            <span className="hint">{status.text}</span>
          ))}
      </span>
    </div>
  );
}
