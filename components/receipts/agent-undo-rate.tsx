import Link from "next/link";
import { formatPercent } from "@/components/dashboards/links";
import type { UndoRate } from "@/lib/metrics/undo-rate";

/** The agent page's undo rate over the last 30 days: overall and per tool. */
export function AgentUndoRate({ agentName, rate }: { agentName: string; rate: UndoRate }) {
  return (
    <section className="card" aria-label="Undo rate">
      <dl className="run-facts">
        <div>
          <dt>Undo rate (30 days)</dt>
          <dd data-testid="agent-undo-rate">{formatPercent(rate.rate)}</dd>
        </div>
        <div>
          <dt>Write actions</dt>
          <dd>
            {rate.undone} of {rate.executed} undone or reverted
          </dd>
        </div>
        {rate.byTool
          .filter((t) => t.undone > 0)
          .map((t) => (
            <div key={t.tool}>
              <dt className="mono">{t.tool}</dt>
              <dd>
                {formatPercent(t.rate)} ({t.undone}/{t.executed})
              </dd>
            </div>
          ))}
        <div>
          <dt>By day</dt>
          <dd>
            <Link href={`/dashboards?${new URLSearchParams({ agent: agentName, view: "undo" })}`}>
              Dashboards →
            </Link>
          </dd>
        </div>
      </dl>
    </section>
  );
}
