import type { ReactNode } from "react";
import type { AlignedRow, CallView } from "@/lib/runs/align-calls";
import type { RunComparison, RunSide } from "@/lib/runs/run-comparison";
import { formatCost, formatDuration, formatTokens } from "./format";

const KIND_LABELS: Record<AlignedRow["kind"], string> = {
  same: "same",
  changed: "changed",
  missing: "missing in B",
  new: "new in B",
};

const FACTS: { label: string; value: (side: RunSide) => ReactNode }[] = [
  { label: "Status", value: (s) => `${s.status}${s.stopReason ? ` (${s.stopReason})` : ""}` },
  { label: "Outcome", value: (s) => s.outcome ?? "—" },
  { label: "Model", value: (s) => s.model },
  { label: "Agent version", value: (s) => s.agentVersion },
  { label: "Mode", value: (s) => (s.replayOf ? "replay" : s.dryRun ? "dry run" : "live") },
  {
    label: "Policy decisions",
    value: (s) => `${s.policy.allow} allow · ${s.policy.deny} deny · ${s.policy.approval} approval`,
  },
  { label: "Receipts", value: (s) => `${s.receipts.action} action · ${s.receipts.preview} preview` },
  {
    label: "Tokens",
    value: (s) => `${formatTokens(s.tokens.input)} in · ${formatTokens(s.tokens.output)} out`,
  },
  { label: "Cost", value: (s) => formatCost(s.costUsd) },
  { label: "Latency", value: (s) => (s.latencyMs === null ? "—" : formatDuration(s.latencyMs)) },
  { label: "Steps", value: (s) => s.steps },
];

/** The comparison as computed in lib/runs: this only lays it out. */
export function RunComparisonView({ comparison }: { comparison: RunComparison }) {
  const { a, b, rows } = comparison;
  return (
    <>
      <section className="card compare-scroll" aria-label="Runs side by side">
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">A · {a.id.slice(0, 8)}</th>
              <th scope="col">B · {b.id.slice(0, 8)}</th>
            </tr>
          </thead>
          <tbody>
            {FACTS.map((fact) => (
              <tr key={fact.label}>
                <th scope="row">{fact.label}</th>
                <td>{fact.value(a)}</td>
                <td>{fact.value(b)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card compare-scroll" aria-label="Tool calls aligned">
        <h2 className="run-section-title">Tool calls</h2>
        {rows.length === 0 ? (
          <p className="muted">Neither run called a tool.</p>
        ) : (
          <AlignedCallsTable rows={rows} />
        )}
      </section>
    </>
  );
}

/** Two runs' tool calls lined up (see alignCalls): A's, B's, and how they differ. */
export function AlignedCallsTable({
  rows,
  labels = { a: "A", b: "B" },
}: {
  rows: AlignedRow[];
  labels?: { a: string; b: string };
}) {
  return (
    <table className="compare-table" data-testid="compare-calls">
      <thead>
        <tr>
          <th scope="col">{labels.a}</th>
          <th scope="col">{labels.b}</th>
          <th scope="col">Difference</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={`${"a" in row ? row.a.seq : ""}-${"b" in row ? row.b.seq : ""}`}
            className={`compare-row-${row.kind}`}
          >
            <td>{"a" in row ? <Call call={row.a} /> : "—"}</td>
            <td>{"b" in row ? <Call call={row.b} /> : "—"}</td>
            <td>
              <span className={`badge compare-kind-${row.kind}`}>{KIND_LABELS[row.kind]}</span>
              {row.kind === "changed" && (
                <ul className="compare-diff">
                  {row.diff.map((d) => (
                    <li key={d.name} className="mono">
                      {d.name}: {d.a ?? "(absent)"} → {d.b ?? "(absent)"}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Call({ call }: { call: CallView }) {
  return (
    <>
      <span className="mono">#{call.seq}</span> <strong>{call.toolName}</strong>{" "}
      <span className={`badge tool-status-${call.status}`}>{call.status}</span>
      {call.policy && (
        <span className="muted">
          {" "}
          policy {call.policy}
          {call.policyVersion !== null ? ` (v${call.policyVersion})` : ""}
        </span>
      )}
      {call.inherited && (
        <>
          {" "}
          <span className="badge inherited-badge">inherited</span>
        </>
      )}
      {call.recorded && (
        <>
          {" "}
          <span className="badge recorded-badge">recorded</span>
        </>
      )}
    </>
  );
}
