import Link from "next/link";
import { formatRelative, formatUtc } from "@/components/runs/format";
import { ModelLabel } from "@/components/runs/model-label";
import type { AgentSummary } from "@/lib/agents/queries";
import { isSimulated } from "@/lib/models/model-name";
import { formatLimits } from "./format";

type Props = { agents: AgentSummary[]; canStart: boolean; now: number };

export function AgentsTable({ agents, canStart, now }: Props) {
  return (
    <div className="table-wrap">
      <table className="agents-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Description</th>
            <th>Model</th>
            <th className="num">Tools</th>
            <th>Limits</th>
            <th className="num">Version</th>
            <th>Updated</th>
            {canStart && (
              <th>
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => (
            <tr key={agent.id} data-agent-id={agent.id}>
              <td>
                <Link href={`/agents/${agent.id}`} className="agent-name">
                  {agent.name}
                </Link>
                {agent.archivedAt && <span className="badge badge-archived">archived</span>}
              </td>
              <td className="agents-description" title={agent.description}>
                <span>{agent.description || "—"}</span>
              </td>
              <td>
                <ModelLabel model={agent.model} simulated={isSimulated(agent.model)} />
              </td>
              <td className="num" title={agent.tools.join(", ")}>
                {agent.tools.length}
              </td>
              <td>{formatLimits(agent)}</td>
              <td className="num">{agent.version}</td>
              <td>
                <time dateTime={agent.updatedAt.toISOString()} title={formatUtc(agent.updatedAt)}>
                  {formatRelative(agent.updatedAt, now)}
                </time>
              </td>
              {canStart && (
                <td>
                  {!agent.archivedAt && (
                    <Link
                      href={`/runs/new?${new URLSearchParams({ agent: agent.name })}`}
                      className="button button-secondary button-small"
                      aria-label={`Run ${agent.name}`}
                    >
                      Run
                    </Link>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
