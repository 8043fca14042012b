import Link from "next/link";
import { RiskBadge } from "@/components/agents/tool-risk";
import { formatDuration } from "@/components/runs/format";
import type { CatalogTool } from "@/lib/mcp-servers/catalog";
import type { BreakerState } from "@/lib/resilience/breakers";
import { formatSeconds } from "./format";
import { ToolSettingsForm } from "./tool-settings-form";

/** How a tool has fared lately, as the catalog shows it. */
export type ToolFigures = {
  calls: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
};

export type CatalogExtras = {
  /** Per tool name; absent when the viewer may not read dashboards. */
  usage?: Record<string, ToolFigures>;
  usageDays: number;
  /** Per tool name: the (unarchived) agents given it. */
  usedBy: Record<string, { id: string; name: string }[]>;
  /** Per MCP server name: its breaker in this process, when it has been called. */
  breakers: Record<string, BreakerState>;
};

const percent = (rate: number) => `${Number((rate * 100).toFixed(1))} %`;

/** The tenant's tool catalog; admins change an MCP tool's settings in its row. */
export function CatalogTable({
  tools,
  canManage,
  extras,
}: {
  tools: CatalogTool[];
  canManage: boolean;
  extras: CatalogExtras;
}) {
  const { usage, usageDays, usedBy, breakers } = extras;
  return (
    <div className="table-wrap">
      <table className="tools-table">
        <thead>
          <tr>
            <th>Tool</th>
            <th>Source</th>
            <th>Risk</th>
            <th>Idempotent</th>
            <th className="num">Time-out</th>
            {usage && <th className="num">Calls ({usageDays} d)</th>}
            {usage && <th className="num">Errors</th>}
            {usage && <th className="num">p50 / p95</th>}
            <th>Agents</th>
            {canManage && <th>Settings</th>}
          </tr>
        </thead>
        <tbody>
          {tools.map((tool) => {
            const label = tool.name ?? `${tool.server}: ${tool.remoteName}`;
            const key = `${tool.serverId ?? "built-in"}:${tool.remoteName ?? tool.name}`;
            return (
              <tr key={key} data-tool={tool.name ?? undefined}>
                <td>
                  <span className="mono tool-name">{label}</span>
                  {tool.description && (
                    <p className="hint tools-description" title={tool.description}>
                      {tool.description}
                    </p>
                  )}
                  {tool.problem && (
                    <p className="alert alert-warn tools-problem">
                      <strong>Not offered to agents:</strong> {tool.problem}
                    </p>
                  )}
                </td>
                <td>
                  {tool.source === "mcp"
                    ? tool.server
                    : tool.source === "declared"
                      ? "declared (runs elsewhere)"
                      : "built-in"}
                  {tool.server && breakers[tool.server] && breakers[tool.server] !== "closed" && (
                    <span
                      className="badge run-status-failed tools-breaker"
                      title="This process stopped calling the server after repeated failures; it tries again after a cool-off."
                    >
                      breaker {breakers[tool.server]}
                    </span>
                  )}
                </td>
                <td>
                  {tool.risk ? (
                    <RiskBadge name={label} risk={tool.risk} />
                  ) : (
                    <RiskBadge name={tool.name ?? ""} />
                  )}
                </td>
                <td>{tool.idempotent ? "yes" : "no"}</td>
                <td className="num">{formatSeconds(tool.timeoutMs)}</td>
                {usage && <UsageCells figures={tool.name ? usage[tool.name] : undefined} />}
                <td>
                  {(usedBy[tool.name ?? ""] ?? []).length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <ul className="tools-agents">
                      {(usedBy[tool.name ?? ""] ?? []).map((agent) => (
                        <li key={agent.id}>
                          <Link href={`/agents/${agent.id}`}>{agent.name}</Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                {canManage && (
                  <td>
                    {tool.source === "mcp" && tool.name && tool.risk ? (
                      <ToolSettingsForm
                        tool={tool.name}
                        risk={tool.risk}
                        idempotent={tool.idempotent}
                        timeoutMs={tool.timeoutMs}
                      />
                    ) : (
                      <span className="muted">
                        {tool.source === "built-in"
                          ? "set in code"
                          : tool.source === "declared"
                            ? "declared over the API"
                            : "—"}
                      </span>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function UsageCells({ figures }: { figures: ToolFigures | undefined }) {
  if (!figures)
    return (
      <>
        <td className="num muted">0</td>
        <td className="num muted">—</td>
        <td className="num muted">—</td>
      </>
    );
  return (
    <>
      <td className="num">{figures.calls.toLocaleString("en-US")}</td>
      <td className={`num${figures.errorRate > 0 ? " tools-errors" : ""}`}>{percent(figures.errorRate)}</td>
      <td className="num">
        {figures.p50Ms === null || figures.p95Ms === null
          ? "—"
          : `${formatDuration(figures.p50Ms)} / ${formatDuration(figures.p95Ms)}`}
      </td>
    </>
  );
}
