import { Time } from "@/components/time/time-zone";
import type { SuiteRunListed } from "@/lib/evals/suite-runs";
import { passRate, seconds, usd } from "./format";

function RunState({ run }: { run: SuiteRunListed }) {
  if (run.status === "queued") return <span className="badge run-status run-status-queued">queued</span>;
  if (run.status === "running")
    return (
      <span className="badge run-status run-status-running">
        running · {run.casesDone} of {run.casesTotal} cases
      </span>
    );
  if (run.status === "failed")
    return (
      <>
        <span className="badge run-status run-status-failed">not finished</span>
        {run.error && <p className="hint">{run.error}</p>}
      </>
    );
  return <span className="badge">finished</span>;
}

/** A suite's runs, newest first: where each is, then pass rate, regressions, cost and time. */
export function SuiteRunsTable({ runs }: { runs: SuiteRunListed[] }) {
  return (
    <section className="card table-wrap" style={{ padding: 0 }} aria-labelledby="runs-title">
      <h2 id="runs-title" className="tools-section-title">
        Suite runs
      </h2>
      {runs.length === 0 ? (
        <p className="muted" style={{ padding: "0 12px 12px" }}>
          No run yet: <strong>Run suite</strong> queues one for a worker, and{" "}
          <code>npm run eval -- --suite &lt;file&gt; --tenant &lt;this tenant&gt; --save</code> keeps one
          here.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Started</th>
              <th>State</th>
              <th className="num">Passed</th>
              <th className="num">Pass rate</th>
              <th className="num">Regressions</th>
              <th className="num">Cost</th>
              <th className="num">Time</th>
              <th>Against</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const finished = run.status === "finished";
              return (
                <tr key={run.id} data-suite-run={run.id} data-status={run.status}>
                  <td>
                    <Time at={run.startedAt} precision="minute" />
                  </td>
                  <td>
                    <RunState run={run} />
                  </td>
                  <td className="num">{finished ? `${run.passed} of ${run.passed + run.failed}` : "—"}</td>
                  <td className="num">{finished ? passRate(run.passed, run.failed) : "—"}</td>
                  <td className="num">{finished ? run.regressions : "—"}</td>
                  <td className="num">{finished ? usd(run.costUsd) : "—"}</td>
                  <td className="num">{finished ? seconds(run.durationMs) : "—"}</td>
                  <td>
                    {run.agentName ? (
                      <span className="mono">
                        {run.agentName}
                        {run.agentVersion !== null && ` v${run.agentVersion}`}
                      </span>
                    ) : (
                      <span className="muted">each case's agent</span>
                    )}
                    {run.model && <p className="hint mono">{run.model}</p>}
                  </td>
                  <td>{run.startedBy}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
