import { type GraphNode, graphRows, type NodeState, type WorkflowGraph } from "@/lib/workflows/graph-view";
import "./workflow-graph.css";

const STATE_LABELS: Record<NodeState, string> = {
  pending: "not reached",
  running: "running",
  waiting: "waiting",
  done: "done",
  failed: "failed",
  skipped: "skipped",
};

const KIND_LABELS: Record<GraphNode["kind"], string> = {
  function: "code",
  model: "model",
  tool: "tool",
  parallel: "parallel",
  agent: "agent",
  approval: "person",
  branch: "branch",
  loop: "loop",
  end: "end",
};

/**
 * The workflow a run follows, drawn row by row from its start: each node with its kind and its
 * state in the run, and where it leads. States come computed from lib/workflows.
 */
export function WorkflowGraphView({ graph }: { graph: WorkflowGraph }) {
  const rows = graphRows(graph);
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
  return (
    <section
      className="card workflow-graph"
      aria-labelledby="workflow-graph-title"
      data-testid="workflow-graph"
    >
      <h2 id="workflow-graph-title">Workflow {graph.name}</h2>
      <ol className="workflow-rows">
        {rows.map((row, i) => (
          <li key={row[0]?.id ?? i} className="workflow-row">
            <ul className="workflow-row-nodes">
              {row.map((node) => (
                <li
                  key={node.id}
                  className={`workflow-node workflow-node-${node.state}`}
                  data-node={node.id}
                  data-state={node.state}
                >
                  <span className="workflow-node-head">
                    <span className="workflow-node-label">{node.label}</span>
                    <span className="workflow-node-state">
                      {STATE_LABELS[node.state]}
                      {node.visits > 1 ? ` ×${node.visits}` : ""}
                    </span>
                  </span>
                  <span className="workflow-node-kind muted">
                    {KIND_LABELS[node.kind]} · <span className="mono">{node.id}</span>
                  </span>
                  <NodeEdges from={node.id} graph={graph} labels={labels} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

function NodeEdges({
  from,
  graph,
  labels,
}: {
  from: string;
  graph: WorkflowGraph;
  labels: Map<string, string>;
}) {
  const edges = graph.edges.filter((e) => e.from === from);
  if (edges.length === 0) return null;
  return (
    <span className="workflow-node-edges">
      {edges.map((e) => (
        <span key={`${e.to}:${e.label ?? ""}`} className="workflow-edge">
          {e.back ? "↺" : "→"} {e.label ? `${e.label}: ` : ""}
          {labels.get(e.to) ?? e.to}
        </span>
      ))}
    </span>
  );
}
