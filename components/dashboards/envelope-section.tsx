import Link from "next/link";
import { Time } from "@/components/time/time-zone";
import type { EnvelopeReport } from "@/lib/metrics/envelope";
import { ChartCard } from "./chart-card";
import { formatPercent, type RunsLink, runsHref } from "./links";
import { StackedDayChart } from "./stacked-day-chart";

const seconds = (ms: number | null) =>
  ms === null ? "—" : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;

/** The envelope at work (approvals, denials) and the quality of results (outcomes, unverified, undone). */
export function EnvelopeSection({ report, link }: { report: EnvelopeReport; link: RunsLink }) {
  const { approvals: a, outcomes: o } = report;
  const escalationRows = report.escalationPerDay.map((d) => ({
    day: d.day,
    values: { "Asked a person": d.escalated, Autonomous: d.runs - d.escalated },
  }));
  const anyRuns = report.escalationPerDay.some((d) => d.runs > 0);
  return (
    <div className="dashboard-grid">
      <ChartCard title="Approvals" note="Calls policy sent to a person, for runs in this range.">
        <dl className="metric-pairs" data-testid="approval-stats">
          <div>
            <dt>Escalation rate</dt>
            <dd>{formatPercent(a.escalationRate)}</dd>
          </div>
          <div>
            <dt>Requested</dt>
            <dd>{a.requested}</dd>
          </div>
          <div>
            <dt>Approved / rejected</dt>
            <dd>
              {a.approved} / {a.rejected}
            </dd>
          </div>
          <div>
            <dt>Expired / cancelled</dt>
            <dd className={a.expired > 0 ? "metric-bad" : undefined}>
              {a.expired} / {a.cancelled}
            </dd>
          </div>
          <div>
            <dt>Waiting now</dt>
            <dd>{a.pending}</dd>
          </div>
          <div>
            <dt>Wait p50 / p95</dt>
            <dd>
              {seconds(a.waitP50Ms)} / {seconds(a.waitP95Ms)}
            </dd>
          </div>
        </dl>
      </ChartCard>
      <ChartCard
        title="Escalation per day"
        className="chart-wide"
        empty={!anyRuns && "No runs in this range."}
      >
        <StackedDayChart
          rows={escalationRows}
          keys={["Asked a person", "Autonomous"]}
          unit="runs"
          label="Runs per day that asked a person, and those that did not"
        />
      </ChartCard>
      <ChartCard
        title="Policy denials"
        note="Tool calls policy refused (the model read why)."
        empty={report.denials.length === 0 && "No call was denied in this range."}
      >
        <div className="table-wrap">
          <table className="metrics-table">
            <thead>
              <tr>
                <th>Tool</th>
                <th className="num">Denied</th>
              </tr>
            </thead>
            <tbody>
              {report.denials.map((d) => (
                <tr key={d.tool}>
                  <td className="mono">{d.tool}</td>
                  <td className="num">{d.denied}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ChartCard>
      <ChartCard
        title="Security flags"
        note="Runs whose model proposed calls the envelope refused: denied by policy, or tools never granted."
        empty={report.security.flaggedRuns === 0 && "No run was flagged in this range."}
      >
        <p data-testid="security-flags">
          <Link href={runsHref({ ...link, flagged: "1" })} className="metric-bad">
            {report.security.flaggedRuns} flagged {report.security.flaggedRuns === 1 ? "run" : "runs"}
          </Link>{" "}
          ({report.security.refusedCalls} refused {report.security.refusedCalls === 1 ? "call" : "calls"})
        </p>
      </ChartCard>
      <ChartCard title="Outcomes" note="What people judged of finished runs' results.">
        <dl className="metric-pairs" data-testid="outcome-stats">
          <div>
            <dt>Accepted</dt>
            <dd>{o.accepted}</dd>
          </div>
          <div>
            <dt>Corrected</dt>
            <dd>{o.corrected}</dd>
          </div>
          <div>
            <dt>Rejected</dt>
            <dd className={o.rejected > 0 ? "metric-bad" : undefined}>{o.rejected}</dd>
          </div>
          <div>
            <dt>Not judged yet</dt>
            <dd>{o.unjudged}</dd>
          </div>
        </dl>
      </ChartCard>
      <ChartCard
        title="Unverified runs"
        note="Answers that claim actions no receipt proves."
        empty={report.unverified.count === 0 && "None in this range."}
      >
        <p>
          <Link href={runsHref({ ...link, status: "unverified" })} className="metric-bad">
            {report.unverified.count} unverified
          </Link>
        </p>
        <ul className="plain-list">
          {report.unverified.latest.map((r) => (
            <li key={r.id}>
              <Link href={`/runs/${r.id}`} className="mono">
                {r.id.slice(0, 8)}
              </Link>{" "}
              {r.agent} <Time at={r.createdAt} precision="minute" className="muted" />
            </li>
          ))}
        </ul>
      </ChartCard>
      <ChartCard
        title="Undone actions"
        note="The latest reverts, with why."
        className="chart-wide"
        empty={report.undone.length === 0 && "Nothing was undone in this range."}
      >
        <div className="table-wrap">
          <table className="metrics-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Tool</th>
                <th>How</th>
                <th>By</th>
                <th>Why</th>
                <th>Run</th>
              </tr>
            </thead>
            <tbody>
              {report.undone.map((u) => (
                <tr key={u.receiptId}>
                  <td className="muted">
                    <Time at={u.at} precision="minute" />
                  </td>
                  <td className="mono">{u.tool}</td>
                  <td>{u.kind === "undo" ? "undo" : "reverted by hand"}</td>
                  <td>{u.by ?? "—"}</td>
                  <td>{u.why ?? "—"}</td>
                  <td>
                    <Link href={`/runs/${u.runId}`} className="mono">
                      {u.runId.slice(0, 8)}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ChartCard>
    </div>
  );
}
