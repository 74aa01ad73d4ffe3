import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { learnerParamsSchema } from "@/lib/schemas/reports";
import { requireRole } from "@/lib/server/auth";
import { isAppError } from "@/lib/server/errors";
import { learnerReport } from "@/lib/server/reports/learner";
import { REPORT_ROLES, reportScope } from "@/lib/server/reports/scope";

export const metadata: Metadata = { title: "Learner timeline" };

type Props = { params: Promise<{ id: string }> };

export default async function LearnerPage({ params }: Props) {
  const user = await requireRole(REPORT_ROLES, "/admin/reports");
  const parsed = learnerParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const scope = await reportScope(user);
  const report = await learnerReport(scope, parsed.data.id).catch((err) => {
    if (isAppError(err) && err.status === 404) notFound();
    throw err;
  });
  const { user: learner, timeline } = report;
  return (
    <div className="stack">
      <span className="kind">
        <Link href="/admin/reports/matrix">Matrix</Link>
      </span>
      <h1>{learner.name}</h1>
      <p className="muted">
        {learner.email} · {learner.role} · {learner.active ? "active" : "deactivated"} · joined {learner.createdAt.slice(0, 10)}
      </p>
      <p>
        <a href={`/api/admin/reports/export?learner=${learner.id}&role=${learner.role}`}>Download CSV</a> (one row per item for this learner)
      </p>
      <h2>Timeline</h2>
      {report.truncated && <p className="muted">The newest {timeline.length} entries.</p>}
      {timeline.length === 0 ? (
        <p className="muted">No attempts, hints or queries yet.</p>
      ) : (
        <ol className="report-timeline" aria-label="Attempts, hints and queries, newest first">
          {timeline.map((e, i) => (
            <li key={i} className={`report-entry report-${e.kind}`}>
              <time dateTime={e.at}>{e.at.slice(0, 19).replace("T", " ")} UTC</time> · {e.item} ·{" "}
              {e.kind === "attempt" ? (
                <>
                  <strong>
                    Answer to {e.part}: {e.passed ? "correct" : "not correct"}
                  </strong>{" "}
                  ({e.score} / {e.maxScore})<pre className="report-answer">{e.answer}</pre>
                </>
              ) : e.kind === "hint" ? (
                <>
                  <strong>
                    Hint {e.hintIndex + 1} of {e.part}
                  </strong>{" "}
                  unlocked (−{e.cost})
                </>
              ) : (
                <>
                  <strong>Query</strong> {e.ok ? `${e.rows ?? 0} rows` : `refused: ${e.error}`}
                  <pre className="report-answer">{e.sql}</pre>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
