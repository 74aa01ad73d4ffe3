import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { itemParamsSchema, reportFilterSchema } from "@/lib/schemas/reports";
import { requireRole } from "@/lib/server/auth";
import { isAppError } from "@/lib/server/errors";
import { searchInput } from "@/lib/server/admin/search-params";
import { labReport, quizReport } from "@/lib/server/reports/items";
import { REPORT_ROLES, scopedItem } from "@/lib/server/reports/scope";
import { duration, percent } from "@/lib/server/reports/format";
import { filterQuery, queryString } from "@/components/admin/report-filters";

export const metadata: Metadata = { title: "Item analysis" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const fixed = (x: number | null, d = 2) => (x === null ? "—" : x.toFixed(d));

export default async function ItemAnalysisPage({ params, searchParams }: Props) {
  const user = await requireRole(REPORT_ROLES, "/admin/reports");
  const parsed = itemParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { input } = searchInput(reportFilterSchema, await searchParams);
  const item = await scopedItem(user, parsed.data.id).catch((err) => {
    if (isAppError(err) && err.status === 404) notFound();
    throw err;
  });
  if (item.kind === "lesson") notFound();
  const back = `/admin/reports${queryString(filterQuery(input))}`;
  // a draft never published has no version learners took, so nothing to analyse yet
  const report = await (item.kind === "quiz" ? quizReport(item, input) : labReport(item, input)).catch((err) => {
    if (isAppError(err) && err.status === 404) return null;
    throw err;
  });
  const heading = (
    <>
      <span className="kind">
        <Link href={back}>Reports</Link>
      </span>
      <h1>Item analysis: {item.title}</h1>
    </>
  );
  if (!report)
    return (
      <div className="stack">
        {heading}
        <p>This {item.kind} has no published version yet, so no learner has taken it: there is nothing to analyse.</p>
      </div>
    );
  return (
    <div className="stack">
      {heading}
      <p>
        <a href={`/api/admin/reports/export${queryString(filterQuery(input, { item: item.id }))}`}>Download CSV</a> (one row per learner for this item)
      </p>
      <p className="muted">
        {report.learners} {input.role ?? "learner"}
        {report.learners === 1 ? "" : "s"} with attempts{input.from || input.to ? ` between ${input.from ?? "the start"} and ${input.to ?? "today"}` : ""}.
      </p>
      {report.kind === "quiz" ? (
        <>
          <p>
            Each learner&apos;s first attempt. <strong>Facility</strong> is the mean score ÷ the maximum (1 = everyone right); <strong>discrimination</strong>{" "}
            correlates the question&apos;s score with the rest of the quiz (near 1: stronger learners get it right; below 0.2, or negative: needs revision).
          </p>
          {report.questions.map((q) => (
            <section key={q.id} className="card report-question" aria-labelledby={`q-${q.id}`} data-question={q.id}>
              <h2 id={`q-${q.id}`}>{q.prompt}</h2>
              <p>
                Facility <strong>{fixed(q.facility)}</strong> · discrimination <strong>{fixed(q.discrimination)}</strong> · {q.attempts} answers
                {q.needsRevision && <span className="status status-warning"> Needs revision</span>}
              </p>
              <table className="admin-table">
                <caption className="sr-only">Answers chosen</caption>
                <thead>
                  <tr>
                    <th scope="col">{q.type === "single" || q.type === "multiple" ? "Option" : "Answer (normalised)"}</th>
                    <th scope="col">Chosen</th>
                    <th scope="col">Share</th>
                  </tr>
                </thead>
                <tbody>
                  {q.choices.map((c) => (
                    <tr key={c.value}>
                      <td>
                        {c.label}
                        {c.correct && <strong> (correct)</strong>}
                      </td>
                      <td>{c.count}</td>
                      <td>{percent(q.attempts ? c.count / q.attempts : null)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      ) : (
        <>
          <table className="admin-table">
            <caption>Tasks</caption>
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Attempted</th>
                <th scope="col">Correct rate</th>
                <th scope="col">Median tries</th>
                <th scope="col">Median time to solve</th>
                <th scope="col">Used hints</th>
              </tr>
            </thead>
            <tbody>
              {report.tasks.map((t) => (
                <tr key={t.id} data-task={t.id}>
                  <td>{t.title}</td>
                  <td>{t.attempted}</td>
                  <td>{percent(t.correctRate)}</td>
                  <td>{fixed(t.medianTries, 1)}</td>
                  <td>{duration(t.medianSecondsToSolve)}</td>
                  <td>
                    {t.hintUsers} learner{t.hintUsers === 1 ? "" : "s"} ({t.hints} hint{t.hints === 1 ? "" : "s"})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.tasks.map((t) => (
            <section key={t.id} className="card" aria-labelledby={`t-${t.id}`}>
              <h2 id={`t-${t.id}`}>{t.title}</h2>
              {t.f1 ? (
                <>
                  <p>
                    Best F1 per learner. Of those whose best still fails: {t.f1.tooBroad} too broad (more false positives than misses), {t.f1.tooNarrow} too
                    narrow.
                  </p>
                  {t.f1.mistakes.length > 0 && (
                    <table className="admin-table">
                      <caption>Commonest kinds of mistake in failing best attempts</caption>
                      <thead>
                        <tr>
                          <th scope="col">Kind</th>
                          <th scope="col">Learners</th>
                          <th scope="col">Events</th>
                        </tr>
                      </thead>
                      <tbody>
                        {t.f1.mistakes.map((m) => (
                          <tr key={m.kind}>
                            <td>{m.kind}</td>
                            <td>{m.learners}</td>
                            <td>{m.events}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                  <table className="admin-table">
                    <caption className="sr-only">Best F1 per learner</caption>
                    <thead>
                      <tr>
                        <th scope="col">F1</th>
                        <th scope="col">Learners</th>
                      </tr>
                    </thead>
                    <tbody>
                      {t.f1.bins.map((b) => (
                        <tr key={b.from}>
                          <td>
                            {b.from.toFixed(1)}–{b.to.toFixed(1)}
                          </td>
                          <td>{b.count}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              ) : t.wrongAnswers.length ? (
                <table className="admin-table">
                  <caption>Commonest wrong answers (normalised as the grader compares them)</caption>
                  <thead>
                    <tr>
                      <th scope="col">Answer</th>
                      <th scope="col">Times given</th>
                    </tr>
                  </thead>
                  <tbody>
                    {t.wrongAnswers.map((w) => (
                      <tr key={w.value}>
                        <td>
                          <code>{w.value}</code>
                        </td>
                        <td>{w.count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="muted">No wrong answers.</p>
              )}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
