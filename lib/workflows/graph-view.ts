import type { RunStatus } from "@/db/schema";
import type { WorkflowDefinition, WorkflowNodeKind } from "./types";
import { successors } from "./validate";
import { walk } from "./walk";

/** `pending`: not reached yet; `skipped`: the run ended without reaching it. */
export const NODE_STATES = ["pending", "running", "waiting", "done", "failed", "skipped"] as const;
export type NodeState = (typeof NODE_STATES)[number];

export type GraphNode = {
  id: string;
  label: string;
  kind: WorkflowNodeKind;
  state: NodeState;
  /** How many times the run passed it (a loop's body more than once). */
  visits: number;
  /** Its row in the drawing: the fewest edges from the start. */
  layer: number;
};

/** `back`: an edge to an earlier row (a loop's way back). */
export type GraphEdge = { from: string; to: string; label?: string; back: boolean };

export type WorkflowGraph = { name: string; nodes: GraphNode[]; edges: GraphEdge[] };

const LIVE: RunStatus[] = ["queued", "running"];
const WAITING: RunStatus[] = ["waiting_approval", "waiting_input", "waiting_child", "paused"];

/**
 * The workflow's graph with each node's state in this run, from its committed steps: walked as the
 * engine walks them, without computing anything new.
 */
export function workflowGraph(
  definition: WorkflowDefinition,
  run: { input: string; status: RunStatus },
  steps: Parameters<typeof walk>[2],
): WorkflowGraph {
  const { action, visits } = walk(definition, run.input, steps, { evaluate: false });
  const layers = layersOf(definition);
  const counted = new Map<string, number>();
  const states = new Map<string, NodeState>();
  for (const visit of visits) {
    counted.set(visit.node, (counted.get(visit.node) ?? 0) + 1);
    states.set(visit.node, visit.state);
  }
  const ended = !LIVE.includes(run.status) && !WAITING.includes(run.status);
  const current = atNode(action, run.status, ended);
  if (current && !states.has(current.node)) states.set(current.node, current.state);
  const nodes = definition.nodes.map((node) => ({
    id: node.id,
    label: node.label ?? node.id,
    kind: node.kind,
    state: states.get(node.id) ?? (ended ? "skipped" : "pending"),
    visits: counted.get(node.id) ?? 0,
    layer: layers.get(node.id) ?? 0,
  }));
  return { name: definition.name, nodes, edges: edgesOf(definition, layers) };
}

/** The graph's nodes row by row, as drawn: the start first. */
export function graphRows(graph: WorkflowGraph): GraphNode[][] {
  const rows: GraphNode[][] = [];
  for (const node of graph.nodes) {
    rows[node.layer] ??= [];
    rows[node.layer]?.push(node);
  }
  return rows.filter((row) => row.length > 0);
}

/** The node the run stands at and its state: acting, waiting, or where it ended unfinished. */
function atNode(
  action: ReturnType<typeof walk>["action"],
  status: RunStatus,
  ended: boolean,
): { node: string; state: NodeState } | null {
  if (action.type === "stop") return action.node ? { node: action.node, state: "failed" } : null;
  if (action.type !== "wait" && action.type !== "next") return null;
  // An ended run never started its next node; one it ended inside (killed while waiting) failed there.
  if (ended) return action.type === "wait" ? { node: action.node, state: "failed" } : null;
  return { node: action.node, state: WAITING.includes(status) ? "waiting" : "running" };
}

/**
 * Each node's row: the longest way to it from the start, once the ways back (edges to a node still
 * being explored, a loop's) are set aside, so every edge forward points down and the end comes last.
 */
function layersOf(definition: WorkflowDefinition): Map<string, number> {
  const byId = new Map(definition.nodes.map((n) => [n.id, n]));
  const order: string[] = [];
  const back = new Set<string>();
  const state = new Map<string, "open" | "closed">();
  const visit = (id: string) => {
    state.set(id, "open");
    const node = byId.get(id);
    for (const to of node ? successors(node) : []) {
      if (state.get(to) === "open") back.add(`${id}>${to}`);
      else if (!state.has(to)) visit(to);
    }
    state.set(id, "closed");
    order.push(id);
  };
  visit(definition.start);
  const layers = new Map<string, number>();
  for (const id of order.reverse()) {
    const from = layers.get(id) ?? 0;
    layers.set(id, from);
    const node = byId.get(id);
    for (const to of node ? successors(node) : [])
      if (!back.has(`${id}>${to}`)) layers.set(to, Math.max(layers.get(to) ?? 0, from + 1));
  }
  return layers;
}

function edgesOf(definition: WorkflowDefinition, layers: Map<string, number>): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const back = (from: string, to: string) => (layers.get(to) ?? 0) <= (layers.get(from) ?? 0);
  for (const node of definition.nodes) {
    if (node.kind === "branch") {
      for (const [label, to] of Object.entries(node.cases))
        edges.push({ from: node.id, to, label, back: back(node.id, to) });
      continue;
    }
    if (node.kind === "loop") {
      edges.push({ from: node.id, to: node.body, label: `repeat (at most ${node.max})`, back: false });
      edges.push({ from: node.id, to: node.next, label: "done", back: back(node.id, node.next) });
      continue;
    }
    for (const to of successors(node)) edges.push({ from: node.id, to, back: back(node.id, to) });
  }
  return edges;
}
