import { AlignedCallsTable } from "@/components/runs/run-comparison-view";
import type { AlignedRow } from "@/lib/runs/align-calls";

/** Where a failing case went another way than when it last passed: the two trajectories lined up. */
export function TrajectoryDiffView({ rows }: { rows: AlignedRow[] }) {
  const differing = rows.filter((row) => row.kind !== "same").length;
  return (
    <section className="card compare-scroll" aria-labelledby="trajectory-title">
      <h2 id="trajectory-title">Since it last passed</h2>
      <p className="muted">
        The latest run of this case failed. Its tool calls (B) against those of its last pass (A):{" "}
        {differing === 0
          ? "the same calls — what changed is in the checks above."
          : `${differing} of ${rows.length} differ.`}
      </p>
      {rows.length > 0 && (
        <AlignedCallsTable rows={rows} labels={{ a: "A · last pass", b: "B · this failure" }} />
      )}
    </section>
  );
}
