import { RiskBadge } from "@/components/agents/tool-risk";
import type { CatalogTool } from "@/lib/mcp-servers/catalog";
import { formatSeconds } from "./format";
import { ToolSettingsForm } from "./tool-settings-form";

/** The tenant's tool catalog; admins change an MCP tool's settings in its row. */
export function CatalogTable({ tools, canManage }: { tools: CatalogTool[]; canManage: boolean }) {
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
                <td>{tool.source === "built-in" ? "built-in" : tool.server}</td>
                <td>
                  {tool.risk ? (
                    <RiskBadge name={label} risk={tool.risk} />
                  ) : (
                    <RiskBadge name={tool.name ?? ""} />
                  )}
                </td>
                <td>{tool.idempotent ? "yes" : "no"}</td>
                <td className="num">{formatSeconds(tool.timeoutMs)}</td>
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
                      <span className="muted">{tool.source === "built-in" ? "set in code" : "—"}</span>
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
