import Link from "next/link";
import { Time } from "@/components/time/time-zone";
import type { listSuites } from "@/lib/evals/suite-runs";
import { passRate, usd } from "./format";

type Suite = Awaited<ReturnType<typeof listSuites>>[number];

/** The tenant's suites, each with its latest run's pass rate and cost. */
export function SuitesTable({ suites }: { suites: Suite[] }) {
  return (
    <div className="card table-wrap" style={{ padding: 0 }}>
      <table aria-label="Eval suites">
        <thead>
          <tr>
            <th>Suite</th>
            <th className="num">Cases</th>
            <th>Last run</th>
            <th className="num">Pass rate</th>
            <th className="num">Cost</th>
            <th>File</th>
          </tr>
        </thead>
        <tbody>
          {suites.map((suite) => {
            const last = suite.lastRun?.startedAt ? suite.lastRun : null;
            return (
              <tr key={suite.id} data-suite={suite.name}>
                <td>
                  <Link href={`/evals/${suite.name}`} className="mono">
                    {suite.name}
                  </Link>
                  {suite.description && <p className="hint">{suite.description}</p>}
                </td>
                <td className="num">{suite.cases}</td>
                <td>
                  {last ? (
                    <Time at={last.startedAt} precision="minute" />
                  ) : (
                    <span className="muted">not run yet</span>
                  )}
                </td>
                <td className="num">{last ? passRate(last.passed ?? 0, last.failed ?? 0) : "—"}</td>
                <td className="num">{last ? usd(last.costUsd) : "—"}</td>
                <td>
                  <a
                    href={`/api/eval-suites/${suite.name}/file`}
                    download
                    aria-label={`Download ${suite.name}.json`}
                  >
                    Download
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
