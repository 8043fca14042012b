import Link from "next/link";
import type { EvalCaseResultRow, EvalCaseRow } from "@/db/schema";
import { evalCaseSchema } from "@/lib/evals/case-schema";
import { ResultBadge } from "./result-badge";

/** A suite's cases in the file's order: agent, goal, how many checks, the latest result. */
export function SuiteCases({
  suite,
  cases,
  latest,
}: {
  suite: string;
  cases: EvalCaseRow[];
  latest: Map<string, EvalCaseResultRow>;
}) {
  return (
    <section className="card table-wrap" style={{ padding: 0 }} aria-labelledby="cases-title">
      <h2 id="cases-title" className="tools-section-title">
        Cases
      </h2>
      <table>
        <thead>
          <tr>
            <th>Case</th>
            <th>Agent</th>
            <th>Goal</th>
            <th className="num">Checks</th>
            <th>Latest</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((row) => {
            const parsed = evalCaseSchema.safeParse(row.definition);
            const definition = parsed.success ? parsed.data : null;
            const result = latest.get(row.id);
            return (
              <tr key={row.id} data-case={row.name}>
                <td>
                  <Link href={`/evals/${suite}/cases/${row.id}`} className="mono">
                    {row.name}
                  </Link>
                </td>
                <td className="mono">
                  {definition
                    ? `${definition.agent.name}${definition.agent.version ? `@${definition.agent.version}` : ""}`
                    : "—"}
                </td>
                <td className="eval-goal">{definition?.goal ?? <span className="muted">unreadable</span>}</td>
                <td className="num">{definition ? checkCount(definition.expect) : "—"}</td>
                <td>
                  {result ? <ResultBadge pass={result.pass} /> : <span className="muted">not run</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function checkCount(expect: Record<string, unknown>): number {
  return Object.values(expect).reduce<number>(
    (sum, value) => sum + (Array.isArray(value) ? value.length : 1),
    0,
  );
}
