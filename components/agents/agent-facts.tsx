import { formatRelative, formatUtc } from "@/components/runs/format";
import { ModelLabel } from "@/components/runs/model-label";
import type { Agent } from "@/db/schema";
import { isSimulated } from "@/lib/models/model-name";
import { formatBudget, formatSeconds } from "./format";

export function AgentFacts({ agent, now }: { agent: Agent; now: number }) {
  return (
    <section className="card" aria-label="Agent summary">
      <dl className="run-facts">
        <div>
          <dt>Model</dt>
          <dd>
            <ModelLabel model={agent.model} simulated={isSimulated(agent.model)} />
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd data-testid="agent-version">{agent.version}</dd>
        </div>
        <div>
          <dt>Max steps</dt>
          <dd>{agent.maxSteps.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>Max time</dt>
          <dd>{formatSeconds(agent.maxSeconds)}</dd>
        </div>
        <div>
          <dt>Budget</dt>
          <dd>{formatBudget(agent)}</dd>
        </div>
        <div>
          <dt>Tools</dt>
          <dd>{agent.tools.length}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            <time dateTime={agent.updatedAt.toISOString()} title={formatUtc(agent.updatedAt)}>
              {formatRelative(agent.updatedAt, now)}
            </time>
          </dd>
        </div>
      </dl>
    </section>
  );
}
