"use client";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { EditorView, Preview, Verification } from "@/lib/author/types";
import type { Problem } from "@/lib/content/definition";
import { EditorLoading } from "@/components/lab/editor-loading";
import { PreviewPane } from "./preview-pane";

const YamlEditor = dynamic(() => import("./yaml-editor"), { ssr: false, loading: () => <EditorLoading /> });

const AUTOSAVE_MS = 1500;
type Saved =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: string; number: number }
  | { kind: "refused"; message: string }
  | { kind: "failed"; message: string };

async function call<T>(
  url: string,
  init: RequestInit,
): Promise<{ ok: true; body: T } | { ok: false; status: number; message: string; body: Record<string, unknown> }> {
  const res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...(init.headers ?? {}) } });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return { ok: true, body: body as T };
  return { ok: false, status: res.status, message: String(body.message ?? `Failed (${res.status}).`), body };
}

/** The editor page's client side: text, autosave, problems, preview, verify, publish, data, export. */
export function Workbench({ view, schema }: { view: EditorView; schema: Record<string, unknown> }) {
  const router = useRouter();
  const { item, version } = view;
  const kind = item.kind as "quiz" | "lab";
  const base = `/api/author/items/${item.id}`;
  const [source, setSource] = useState(version.source);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [liveMarkers, setLiveMarkers] = useState<{ line: number; message: string }[]>([]);
  const [saved, setSaved] = useState<Saved>({ kind: "idle" });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [verification, setVerification] = useState<Verification | null>(version.verification);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [reveal, setReveal] = useState<{ line: number; n: number } | null>(null);
  const lastSaved = useRef(version.source);
  const editable = version.editable;

  const save = useCallback(
    async (text: string) => {
      if (!editable || text === lastSaved.current) return true;
      setSaved({ kind: "saving" });
      const r = await call<{ number: number }>(`${base}/draft`, { method: "PUT", body: JSON.stringify({ source: text }) });
      if (r.ok) {
        lastSaved.current = text;
        setProblems([]);
        setVerification(null);
        setSaved({ kind: "saved", at: new Date().toISOString().slice(11, 19), number: r.body.number });
        return true;
      }
      if (Array.isArray(r.body.problems)) {
        setProblems(r.body.problems as Problem[]);
        setSaved({ kind: "refused", message: r.message });
      } else setSaved({ kind: "failed", message: r.message });
      return false;
    },
    [base, editable],
  );

  // autosave and preview, a moment after typing stops
  useEffect(() => {
    const t = setTimeout(() => {
      void save(source);
      void call<Preview>(`${base}/preview`, { method: "POST", body: JSON.stringify({ source }) }).then((r) => {
        if (!r.ok) return;
        if (r.body.ok) setPreview(r.body);
        else if (!editable) setProblems(r.body.problems);
      });
    }, AUTOSAVE_MS);
    return () => clearTimeout(t);
  }, [source, save, base, editable]);

  async function run(label: string, fn: () => Promise<void>) {
    setBusy(label);
    setNotice(null);
    try {
      await fn();
    } finally {
      setBusy(null);
    }
  }

  const verify = () =>
    run("verify", async () => {
      if (!(await save(source))) return;
      const r = await call<Verification>(`${base}/verify`, { method: "POST" });
      if (r.ok) setVerification(r.body);
      else setNotice({ ok: false, text: r.message });
    });

  const publish = () =>
    run("publish", async () => {
      if (!(await save(source))) return;
      const r = await call<{ number: number; verification: Verification }>(`${base}/publish`, { method: "POST" });
      if (r.ok) {
        setVerification(r.body.verification);
        setNotice({ ok: true, text: `Published version ${r.body.number}. New learners get it; learners who started earlier keep theirs.` });
        router.refresh();
      } else {
        if (r.body.verification) setVerification(r.body.verification as Verification);
        setNotice({ ok: false, text: r.message });
      }
    });

  const setState = (state: "in_review" | "draft" | "archived", done: string) =>
    run(state, async () => {
      const r = await call(`${base}/state`, { method: "POST", body: JSON.stringify({ state }) });
      setNotice(r.ok ? { ok: true, text: done } : { ok: false, text: r.message });
      if (r.ok) router.refresh();
    });

  const startDraft = () =>
    run("draft", async () => {
      const r = await call<{ number: number }>(`${base}/draft`, { method: "PUT", body: JSON.stringify({ source }) });
      if (r.ok) router.refresh();
      else setNotice({ ok: false, text: r.message });
    });

  const upload = (file: File) =>
    run("upload", async () => {
      const format = file.name.endsWith(".csv") ? "csv" : "jsonl";
      const res = await fetch(`${base}/data?format=${format}`, {
        method: "PUT",
        headers: { "content-type": format === "csv" ? "text/csv" : "application/x-ndjson" },
        body: file,
      });
      const body = (await res.json().catch(() => ({}))) as { message?: string; eventCount?: number; labels?: Record<string, number> };
      if (res.ok) {
        setNotice({
          ok: true,
          text: `Stored ${body.eventCount} events (labels: ${
            Object.entries(body.labels ?? {})
              .map(([k, v]) => `${k} ${v}`)
              .join(", ") || "none"
          }).`,
        });
        setVerification(null);
        router.refresh();
      } else setNotice({ ok: false, text: body.message ?? `Upload failed (${res.status}).` });
    });

  const allProblems = problems.length ? problems : [];
  const status =
    saved.kind === "saving"
      ? "Saving…"
      : saved.kind === "saved"
        ? `Draft v${saved.number} saved at ${saved.at} UTC`
        : saved.kind === "refused"
          ? saved.message
          : saved.kind === "failed"
            ? saved.message
            : "";

  return (
    <div className="author-workbench">
      <div className="author-toolbar" role="toolbar" aria-label="Definition actions">
        {editable ? (
          <>
            <button type="button" onClick={() => void run("save", async () => void (await save(source)))} disabled={busy !== null}>
              Save
            </button>
            <button type="button" onClick={verify} disabled={busy !== null}>
              {busy === "verify" ? "Verifying…" : "Verify"}
            </button>
            <button type="button" onClick={() => setState("in_review", "Sent for review.")} disabled={busy !== null || version.state === "in_review"}>
              Request review
            </button>
            <button type="button" onClick={publish} disabled={busy !== null}>
              {busy === "publish" ? "Publishing…" : "Publish"}
            </button>
          </>
        ) : item.mine ? (
          <button type="button" onClick={startDraft} disabled={busy !== null}>
            Edit as new draft
          </button>
        ) : null}
        {item.mine && item.state === "published" && (
          <button type="button" onClick={() => setState("draft", "Unpublished: new learners no longer get it.")} disabled={busy !== null}>
            Unpublish
          </button>
        )}
        {item.mine && item.state !== "archived" && (
          <button type="button" onClick={() => setState("archived", "Archived.")} disabled={busy !== null}>
            Archive
          </button>
        )}
        <a className="button" href={`${base}/export?version=${version.number}`} download>
          Export
        </a>
        {editable && kind === "lab" && (
          <label className="button">
            Upload log file
            <input type="file" accept=".jsonl,.ndjson,.csv" className="sr-only" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
          </label>
        )}
        <span role="status" aria-live="polite" className="muted" data-testid="save-status">
          {status}
        </span>
      </div>
      {notice && (
        <p role={notice.ok ? "status" : "alert"} className={notice.ok ? "status" : "field-error"}>
          {notice.text}
        </p>
      )}
      {!editable && (
        <p className="muted">
          Version {version.number} is {version.state.replace("_", " ")} and read-only{item.mine ? ": “Edit as new draft” starts the next version." : "."}
        </p>
      )}
      <div className="author-panes">
        <section aria-label="Definition">
          <YamlEditor
            itemId={item.id}
            kind={kind}
            initial={version.source}
            readOnly={!editable}
            schema={schema}
            problems={allProblems}
            onChange={setSource}
            reveal={reveal}
            onMarkers={setLiveMarkers}
          />
          {(allProblems.length > 0 || liveMarkers.length > 0) && (
            <div className="card" aria-label="Problems">
              <strong>
                {allProblems.length || liveMarkers.length} problem{(allProblems.length || liveMarkers.length) === 1 ? "" : "s"}
              </strong>
              <ul data-testid="problems">
                {(allProblems.length
                  ? allProblems.map((p) => ({ line: p.line, message: `${p.path === "(root)" || p.path === "(yaml)" ? "" : `${p.path}: `}${p.message}` }))
                  : liveMarkers
                ).map((p, i) => (
                  <li key={i}>
                    <button type="button" className="link" onClick={() => setReveal({ line: p.line, n: Date.now() })}>
                      line {p.line}
                    </button>{" "}
                    {p.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {verification && <VerificationReport verification={verification} />}
        </section>
        <section aria-label="Preview">
          <h2 className="sr-only">Preview</h2>
          <PreviewPane preview={preview} />
        </section>
      </div>
    </div>
  );
}

function VerificationReport({ verification }: { verification: Verification }) {
  return (
    <div className="card" aria-label="Verification" data-testid="verification">
      <strong>{verification.ok ? `Verified: version ${verification.number} can be published.` : "Not ready to publish:"}</strong>
      <table>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Result</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
          </tr>
        </thead>
        <tbody>
          {verification.checks.map((c) => (
            <tr key={c.id}>
              <td>{c.title}</td>
              <td>
                {c.passed ? "✓ " : "✗ "}
                {c.message}
              </td>
              <td>{c.counts ? c.counts.precision.toFixed(3) : ""}</td>
              <td>{c.counts ? c.counts.recall.toFixed(3) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {verification.problems.length > 0 && (
        <ul>
          {verification.problems.map((p, i) => (
            <li key={i} className="field-error">
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
