import Link from "next/link";
import type { RunTree } from "@/lib/runs/run-tree";
import { formatCost } from "./format";
import { StatusBadge } from "./status-badge";

/**
 * A run's place in its tree of delegation: the run that delegated to it, the runs it delegated to
 * (each with its status and cost), and what the whole tree cost. Each run keeps its own cost.
 */
export function RunTreeLinks({ tree }: { tree: RunTree | null }) {
  if (!tree) return null;
  const { parent, children } = tree;
  return (
    <section className="card run-tree" aria-label="Sub-agents" data-testid="run-tree">
      {parent && (
        <p data-testid="run-parent">
          Delegated by run <Link href={`/runs/${parent.id}`}>{parent.id.slice(0, 8)}</Link> (
          {parent.agentName}
          {parent.seq !== null ? `, step ${parent.seq}` : ""}) <StatusBadge status={parent.status} />
        </p>
      )}
      {children.length > 0 && (
        <>
          <h2 className="run-section-title">Sub-agent runs</h2>
          <ul>
            {children.map((child) => (
              <li key={child.id} data-testid="run-child">
                <Link href={`/runs/${child.id}`}>{child.id.slice(0, 8)}</Link> {child.agentName}{" "}
                <StatusBadge status={child.status} />{" "}
                <span className="muted">
                  {child.seq !== null && (
                    <>
                      from <a href={`#step-${child.seq}`}>step {child.seq}</a> ·{" "}
                    </>
                  )}
                  {formatCost(child.costUsd)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {tree.descendants > 0 && (
        <p className="muted" data-testid="run-tree-cost">
          This run and the {tree.descendants} {tree.descendants === 1 ? "run" : "runs"} below it cost{" "}
          <strong>{formatCost(tree.treeCostUsd)}</strong> in all; each run's own cost stays on its page.
        </p>
      )}
    </section>
  );
}
