import type { WorkflowDefinition, WorkflowNode } from "./types";

/** The nodes a node leads to, as drawn: a branch to each case, a loop to its body and its exit. */
export function successors(node: WorkflowNode): string[] {
  switch (node.kind) {
    case "branch":
      return [...new Set(Object.values(node.cases))];
    case "loop":
      return [node.body, node.next];
    case "end":
      return [];
    default:
      return [node.next];
  }
}

/** What is wrong with a workflow's graph: unknown or duplicate ids, unreachable nodes, no end, bad bounds. */
export function checkWorkflow(definition: WorkflowDefinition): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const node of definition.nodes) {
    if (ids.has(node.id)) problems.push(`node "${node.id}" is defined twice`);
    ids.add(node.id);
  }
  if (!ids.has(definition.start)) problems.push(`the start node "${definition.start}" does not exist`);
  for (const node of definition.nodes) {
    for (const to of successors(node))
      if (!ids.has(to)) problems.push(`node "${node.id}" leads to "${to}", which does not exist`);
    if (node.kind === "loop" && !(Number.isInteger(node.max) && node.max >= 1))
      problems.push(`loop "${node.id}" needs a whole bound of at least 1`);
    if (node.kind === "parallel" && Object.keys(node.calls).length === 0)
      problems.push(`parallel node "${node.id}" has no calls`);
  }
  if (!definition.nodes.some((n) => n.kind === "end")) problems.push("no end node");
  const reached = reachable(definition);
  for (const id of ids) if (!reached.has(id)) problems.push(`node "${id}" cannot be reached`);
  return problems;
}

function reachable(definition: WorkflowDefinition): Set<string> {
  const nodes = new Map(definition.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const queue = [definition.start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const node = nodes.get(id);
    if (!node || seen.has(id)) continue;
    seen.add(id);
    queue.push(...successors(node));
  }
  return seen;
}
