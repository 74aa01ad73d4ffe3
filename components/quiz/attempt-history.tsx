import type { AttemptSummary } from "@/lib/server/quiz";

function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  return seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

export function AttemptHistory({ attempts }: { attempts: AttemptSummary[] }) {
  if (attempts.length === 0) return null;
  return (
    <section aria-labelledby="attempt-history">
      <h2 id="attempt-history">Your attempts</h2>
      <div className="table-scroll prose">
        <table>
          <thead>
            <tr>
              <th>Submitted (UTC)</th>
              <th>Score</th>
              <th>Result</th>
              <th>Time taken</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id}>
                <td>{a.submittedAt.toISOString().replace("T", " ").slice(0, 16)}</td>
                <td>
                  {a.score} / {a.maxScore} ({Math.round((a.score / a.maxScore) * 100)}%)
                </td>
                <td>{a.passed ? "Passed" : "Not passed"}</td>
                <td>{duration(a.durationSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
