import { Time } from "@/components/time/time-zone";
import type { EvalCaseResultRow } from "@/db/schema";
import { usd } from "./format";
import { ResultBadge } from "./result-badge";

/** A case's result in each suite run, newest first, with the checks that failed and why. */
export function CaseHistory({ results }: { results: { result: EvalCaseResultRow; startedAt: Date }[] }) {
  return (
    <section className="card table-wrap" style={{ padding: 0 }} aria-labelledby="history-title">
      <h2 id="history-title" className="tools-section-title">
        History
      </h2>
      {results.length === 0 ? (
        <p className="muted" style={{ padding: "0 12px 12px" }}>
          This case has not been in a recorded suite run yet.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Suite run</th>
              <th>Result</th>
              <th>Ended</th>
              <th className="num">Steps</th>
              <th className="num">Cost</th>
              <th>Failed checks</th>
            </tr>
          </thead>
          <tbody>
            {results.map(({ result, startedAt }) => (
              <tr key={result.id}>
                <td>
                  <Time at={startedAt} precision="minute" />
                </td>
                <td>
                  <ResultBadge pass={result.pass} />
                </td>
                <td className="mono">
                  {result.status ?? "—"}
                  {result.stopReason ? ` · ${result.stopReason}` : ""}
                </td>
                <td className="num">{result.steps}</td>
                <td className="num">{usd(result.costUsd)}</td>
                <td>
                  {result.error && <p className="alert alert-error">{result.error}</p>}
                  <ul className="eval-checks">
                    {result.checks
                      .filter((check) => !check.pass)
                      .map((check) => (
                        <li key={check.check}>
                          <span className="mono">{check.check}</span>: {check.reason}
                        </li>
                      ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
