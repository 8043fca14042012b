import type { BreakerInfo, BreakerKind, BreakerState } from "@/lib/resilience/breakers";

const KIND: Record<BreakerKind, string> = { model: "Model", tool: "Tool", mcp: "MCP server" };

const BADGE: Record<BreakerState, string> = {
  closed: "run-status-succeeded",
  "half-open": "run-status-waiting_approval",
  open: "run-status-failed",
};

/** Read-only: the circuit breakers of this server process, per model, built-in tool and MCP server. */
export function BreakerHealth({ breakers }: { breakers: BreakerInfo[] }) {
  return (
    <section className="card" aria-labelledby="health-title" style={{ marginTop: 16 }}>
      <h2 id="health-title">Tool and model health</h2>
      <p className="muted">
        Circuit breakers of this server process: one opens after repeated failures and refuses calls for a
        cool-off period (runs then use the agent&apos;s fallback model, if it has one).
      </p>
      {breakers.length === 0 ? (
        <p className="muted">No model or tool has been called by this process yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Name</th>
              <th scope="col">Breaker</th>
            </tr>
          </thead>
          <tbody>
            {breakers.map((b) => (
              <tr key={b.key}>
                <td>{KIND[b.kind]}</td>
                <td>
                  <code>{b.name}</code>
                </td>
                <td>
                  <span className={`badge ${BADGE[b.state]}`}>{b.state}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
