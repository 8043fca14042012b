import { Time } from "@/components/time/time-zone";
import type { McpServerView } from "@/lib/mcp-servers/server-record";
import { ServerControls } from "./server-controls";

/** The tenant's MCP servers, for admins: where each is, what it listed, and its last error. */
export function ServerList({ servers }: { servers: McpServerView[] }) {
  return (
    <section className="card" style={{ padding: 0 }} aria-labelledby="servers-title">
      <h2 id="servers-title" className="tools-section-title">
        MCP servers
      </h2>
      <div className="table-wrap">
        <table className="tools-table">
          <thead>
            <tr>
              <th>Server</th>
              <th>Where</th>
              <th>Headers</th>
              <th className="num">Tools</th>
              <th>Last refreshed</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {servers.map((server) => (
              <tr key={server.id} data-server={server.name}>
                <td>
                  <span className="mono tool-name">{server.name}</span>
                  <p className="hint">{server.transport === "http" ? "HTTP" : "stdio"}</p>
                </td>
                <td>
                  <span className="mono tools-where">
                    {server.transport === "http"
                      ? server.url
                      : [server.command, ...server.args].filter(Boolean).join(" ")}
                  </span>
                  {server.lastError && (
                    <p className="alert alert-error tools-problem" role="note">
                      <strong>Last error:</strong> {server.lastError}
                    </p>
                  )}
                </td>
                <td>
                  {server.headerNames === null ? (
                    <span className="muted">cannot be opened</span>
                  ) : server.headerNames.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <span className="mono">{server.headerNames.join(", ")}</span>
                  )}
                </td>
                <td className="num">
                  {server.tools}
                  {server.problems > 0 && <p className="hint">{server.problems} not offered</p>}
                </td>
                <td>
                  <Time at={server.refreshedAt} precision="minute" fallback="never" />
                </td>
                <td>
                  <ServerControls serverId={server.id} serverName={server.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
