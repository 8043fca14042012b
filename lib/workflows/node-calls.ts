import { ASK_PERSON_TOOL, DELEGATE_TOOL } from "./engine-tools";
import type { WorkflowData, WorkflowNode } from "./types";

type CallNode = Extract<WorkflowNode, { kind: "tool" | "parallel" | "agent" | "approval" }>;

/** The tool calls a node proposes, in order: the engine runs each as it runs an agent's calls. */
export function nodeCalls(
  node: CallNode,
  data: WorkflowData,
): { toolName: string; input: Record<string, unknown> }[] {
  switch (node.kind) {
    case "tool":
      return [{ toolName: node.call.tool, input: node.call.args(data) }];
    case "parallel":
      return Object.values(node.calls).map((call) => ({ toolName: call.tool, input: call.args(data) }));
    case "agent":
      return [{ toolName: DELEGATE_TOOL, input: { agent: node.agent, goal: node.goal(data) } }];
    case "approval":
      return [{ toolName: ASK_PERSON_TOOL, input: { question: node.question(data) } }];
  }
}

/** The tools a node's calls need: what an agent that follows the workflow must be given. */
export function toolsOf(nodes: readonly WorkflowNode[]): string[] {
  const names = new Set<string>();
  for (const node of nodes) {
    if (node.kind === "tool") names.add(node.call.tool);
    if (node.kind === "parallel") for (const call of Object.values(node.calls)) names.add(call.tool);
    if (node.kind === "agent") names.add(DELEGATE_TOOL);
    if (node.kind === "approval") names.add(ASK_PERSON_TOOL);
  }
  return [...names].sort();
}
