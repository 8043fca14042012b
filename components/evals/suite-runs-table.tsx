import { Time } from "@/components/time/time-zone";
import type { EvalSuiteRunRow } from "@/db/schema";
import { passRate, seconds, usd } from "./format";

/** A suite's runs, newest first: pass rate, regressions, cost and time. */
export function SuiteRunsTable({ runs }: { runs: EvalSuiteRunRow[] }) {
  return (
    <section className="card table-wrap" style={{ padding: 0 }} aria-labelledby="runs-title">
      <h2 id="runs-title" className="tools-section-title">
        Suite runs
      </h2>
      {runs.length === 0 ? (
        <p className="muted" style={{ padding: "0 12px 12px" }}>
          No recorded run yet:{" "}
          <code>npm run eval -- --suite &lt;file&gt; --tenant &lt;this tenant&gt; --save</code> keeps one
          here.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Started</th>
              <th className="num">Passed</th>
              <th className="num">Pass rate</th>
              <th className="num">Regressions</th>
              <th className="num">Cost</th>
              <th className="num">Time</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <Time at={run.startedAt} precision="minute" />
                </td>
                <td className="num">
                  {run.passed} of {run.passed + run.failed}
                </td>
                <td className="num">{passRate(run.passed, run.failed)}</td>
                <td className="num">{run.regressions}</td>
                <td className="num">{usd(run.costUsd)}</td>
                <td className="num">{seconds(run.durationMs)}</td>
                <td>{run.startedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
