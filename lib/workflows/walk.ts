import type { z } from "zod";
import type { StopReason } from "@/db/schema";
import { nodeCalls } from "./node-calls";
import { type NodeRecord, type RecordedCall, recordsOf } from "./records";
import type { LoopOutput, WorkflowData, WorkflowDefinition, WorkflowNode } from "./types";

export type ProposedNodeCall = { toolName: string; input: Record<string, unknown> };

/** What the workflow does next, decided from its definition and its committed steps alone. */
export type WalkAction =
  | { type: "function"; node: string; output: unknown }
  | { type: "model"; node: string; instructions: string; prompt: string; schema: z.ZodType }
  | { type: "calls"; node: string; calls: ProposedNodeCall[] }
  | { type: "wait"; node: string }
  /** Only when the walk was asked not to evaluate: the node that would act next. */
  | { type: "next"; node: string }
  | { type: "end"; node: string; answer: string }
  | { type: "stop"; node: string | null; stopReason: StopReason; error: string };

/** Each node passed through, in order: done, or failed (where the walk stopped), with its step. */
export type Visit = { node: string; state: "done" | "failed"; seq?: number };

export type Walk = { action: WalkAction; visits: Visit[]; data: WorkflowData };

// Branches and loops commit nothing: a graph whose cycle has no other node would never stop.
const MAX_HOPS = 10_000;

/**
 * Replays the workflow over its records: the i-th node that leaves a step must be the i-th record,
 * so the same definition and steps always lead to the same next action. Nothing here runs a node
 * already recorded; only the next, unrecorded function node is computed (its output then committed).
 */
export function walk(
  definition: WorkflowDefinition,
  input: string,
  steps: Parameters<typeof recordsOf>[0],
  options: { evaluate: boolean } = { evaluate: true },
): Walk {
  const records = recordsOf(steps);
  const nodes = new Map(definition.nodes.map((n) => [n.id, n]));
  const out: Record<string, unknown> = {};
  const data: WorkflowData = { input, out };
  const visits: Visit[] = [];
  const iterations = new Map<string, number>();
  const result = (action: WalkAction): Walk => ({ action, visits, data });
  let at = definition.start;
  let next = 0;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const node = nodes.get(at);
    if (!node) return result(stop(null, "internal_error", `The workflow has no node "${at}".`));
    if (node.kind === "branch" || node.kind === "loop") {
      const moved = move(node, data, iterations);
      if ("error" in moved) return result(stop(node.id, "internal_error", moved.error));
      visits.push({ node: node.id, state: "done" });
      at = moved.to;
      continue;
    }
    const record = records[next];
    if (!record) return result(options.evaluate ? firstVisit(node, data) : { type: "next", node: node.id });
    if (record.node !== node.id)
      return result(
        stop(
          node.id,
          "internal_error",
          `Step ${record.seq} belongs to node "${record.node}", but the workflow is at "${node.id}": its definition changed under this run.`,
        ),
      );
    next += 1;
    const settled = settle(node, record);
    if ("wait" in settled) return result({ type: "wait", node: node.id });
    if ("stop" in settled) {
      visits.push({ node: node.id, state: "failed", seq: record.seq });
      return result(settled.stop);
    }
    visits.push({ node: node.id, state: "done", seq: record.seq });
    out[node.id] = settled.output;
    if (node.kind === "end") return result({ type: "end", node: node.id, answer: String(settled.output) });
    at = node.next;
  }
  return result(stop(at, "internal_error", `The workflow passed ${MAX_HOPS} nodes without a step.`));
}

const stop = (node: string | null, stopReason: StopReason, error: string): WalkAction => ({
  type: "stop",
  node,
  stopReason,
  error,
});

/** Where a branch or loop leads, from the data so far. */
function move(
  node: Extract<WorkflowNode, { kind: "branch" | "loop" }>,
  data: WorkflowData,
  iterations: Map<string, number>,
): { to: string } | { error: string } {
  const out = data.out as Record<string, unknown>;
  if (node.kind === "branch") {
    const chosen = node.choose(data);
    const to = node.cases[chosen];
    if (to === undefined)
      return { error: `Branch "${node.id}" chose "${chosen}", which is none of its cases.` };
    out[node.id] = chosen;
    return { to };
  }
  const entered = iterations.get(node.id) ?? 0;
  if (entered > 0 && node.until(data)) {
    out[node.id] = { iterations: entered, exhausted: false } satisfies LoopOutput;
    return { to: node.next };
  }
  if (entered >= node.max) {
    out[node.id] = { iterations: entered, exhausted: true } satisfies LoopOutput;
    return { to: node.next };
  }
  iterations.set(node.id, entered + 1);
  out[node.id] = { iterations: entered + 1, exhausted: false } satisfies LoopOutput;
  return { to: node.body };
}

/** The action for a node the steps have not reached yet. */
function firstVisit(
  node: Exclude<WorkflowNode, { kind: "branch" | "loop" }>,
  data: WorkflowData,
): WalkAction {
  try {
    switch (node.kind) {
      case "function":
        return { type: "function", node: node.id, output: node.run(data) ?? null };
      case "model":
        return {
          type: "model",
          node: node.id,
          instructions: node.instructions,
          prompt: node.prompt(data),
          schema: node.schema,
        };
      case "end":
        return { type: "end", node: node.id, answer: node.answer(data) };
      default:
        return { type: "calls", node: node.id, calls: nodeCalls(node, data) };
    }
  } catch (error) {
    return stop(
      node.id,
      "invalid_input",
      `Node "${node.id}": ${error instanceof Error ? error.message : error}`,
    );
  }
}

type Settled = { output: unknown } | { wait: true } | { stop: WalkAction };

/** A recorded node's output, or why the workflow cannot go on from it. */
function settle(node: WorkflowNode, record: NodeRecord): Settled {
  if (record.error !== undefined) {
    const reason: StopReason = node.kind === "model" ? "no_progress" : "invalid_input";
    return { stop: stop(node.id, reason, `Node "${node.id}": ${record.error}`) };
  }
  if (!record.calls) return { output: record.end ? record.output : (record.output ?? null) };
  if (record.calls.some((c) => c.status === undefined)) return { wait: true };
  const failed = record.calls.find((c) => c.status !== "ok");
  if (failed) return { stop: callFailed(node.id, failed) };
  if (node.kind === "agent" && record.calls[0]?.childToolCalls === 0)
    return {
      stop: stop(
        node.id,
        "no_progress",
        `Node "${node.id}": the ${node.agent} run answered without a single tool call, so nothing it says rests on evidence.`,
      ),
    };
  if (node.kind === "parallel") {
    const keys = Object.keys(node.calls);
    return { output: Object.fromEntries(keys.map((key, i) => [key, record.calls?.[i]?.result ?? null])) };
  }
  return { output: record.calls[0]?.result ?? null };
}

function callFailed(node: string, call: RecordedCall): WalkAction {
  const why =
    typeof call.result === "object" && call.result && "error" in call.result ? call.result.error : "";
  const detail = why ? `: ${String(why)}` : "";
  if (call.status === "denied")
    return stop(node, "policy_denied", `Node "${node}": ${call.toolName} was denied${detail}`);
  if (call.status === "rejected")
    return stop(
      node,
      "approval_rejected",
      `Node "${node}": ${call.toolName} was rejected by a person${detail}`,
    );
  return stop(node, "tool_failed", `Node "${node}": ${call.toolName} ended ${call.status}${detail}`);
}
