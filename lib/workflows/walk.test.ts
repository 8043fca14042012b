import { describe, expect, it } from "vitest";
import type { ModelStepPayload, RunStep, ToolStepPayload } from "@/db/schema";
import { workflowGraph } from "./graph-view";
import { refundWorkflow } from "./refund";
import type { WorkflowDefinition } from "./types";
import { checkWorkflow } from "./validate";
import { walk } from "./walk";

type Step = Pick<RunStep, "seq" | "kind" | "payload">;
const usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };
const nodeStep = (seq: number, payload: Partial<ModelStepPayload>): Step => ({
  seq,
  kind: "model",
  payload: { text: "", toolCalls: [], finishReason: "workflow", usage, costUsd: 0, ...payload },
});
const toolStep = (
  seq: number,
  toolCallId: string,
  result: unknown,
  status: ToolStepPayload["status"] = "ok",
): Step => ({
  seq,
  kind: "tool",
  payload: { toolCallId, toolName: "t", args: {}, status, result, receipt: null, idempotencyKey: "k" },
});

const flow: WorkflowDefinition = {
  name: "unit",
  description: "",
  start: "n",
  nodes: [
    { id: "n", kind: "function", run: ({ input }) => Number(input), next: "more" },
    { id: "more", kind: "loop", body: "add", until: (d) => (d.out.add as number) >= 3, max: 5, next: "big" },
    {
      id: "add",
      kind: "tool",
      call: { tool: "inc", args: (d) => ({ n: d.out.add ?? d.out.n }) },
      next: "more",
    },
    {
      id: "big",
      kind: "branch",
      choose: (d) => ((d.out.add as number) > 3 ? "yes" : "no"),
      cases: { yes: "end", no: "end" },
    },
    { id: "end", kind: "end", answer: (d) => `got ${d.out.add} via ${d.out.big}` },
  ],
};

describe("walking a workflow over its steps", () => {
  it("computes the first function node, then proposes the loop body's call", () => {
    expect(walk(flow, "1", []).action).toEqual({ type: "function", node: "n", output: 1 });
    const steps = [nodeStep(1, { workflow: { node: "n", output: 1 } })];
    expect(walk(flow, "1", steps).action).toEqual({
      type: "calls",
      node: "add",
      calls: [{ toolName: "inc", input: { n: 1 } }],
    });
  });

  it("waits on a proposed call without a result, then loops with the result until the condition holds", () => {
    const steps: Step[] = [
      nodeStep(1, { workflow: { node: "n", output: 1 } }),
      nodeStep(2, {
        workflow: { node: "add" },
        toolCalls: [{ toolCallId: "a", toolName: "inc", input: {} }],
      }),
    ];
    expect(walk(flow, "1", steps).action).toEqual({ type: "wait", node: "add" });
    steps.push(toolStep(3, "a", 2));
    expect(walk(flow, "1", steps).action).toMatchObject({
      type: "calls",
      node: "add",
      calls: [{ input: { n: 2 } }],
    });
    steps.push(
      nodeStep(4, {
        workflow: { node: "add" },
        toolCalls: [{ toolCallId: "b", toolName: "inc", input: {} }],
      }),
    );
    steps.push(toolStep(5, "b", 3));
    expect(walk(flow, "1", steps).action).toEqual({ type: "end", node: "end", answer: "got 3 via no" });
  });

  it("leaves a loop at its bound", () => {
    const steps: Step[] = [nodeStep(1, { workflow: { node: "n", output: 0 } })];
    for (let i = 0; i < 5; i++) {
      steps.push(
        nodeStep(2 + 2 * i, {
          workflow: { node: "add" },
          toolCalls: [{ toolCallId: `c${i}`, toolName: "inc", input: {} }],
        }),
      );
      steps.push(toolStep(3 + 2 * i, `c${i}`, 0));
    }
    const { action, data } = walk(flow, "0", steps);
    expect(action).toMatchObject({ type: "end" });
    expect(data.out.more).toEqual({ iterations: 5, exhausted: true });
  });

  it("stops on a refused call, a failed function and a definition that changed", () => {
    const refused: Step[] = [
      nodeStep(1, { workflow: { node: "n", output: 1 } }),
      nodeStep(2, {
        workflow: { node: "add" },
        toolCalls: [{ toolCallId: "a", toolName: "inc", input: {} }],
      }),
      toolStep(3, "a", { error: "no" }, "denied"),
    ];
    expect(walk(flow, "1", refused).action).toMatchObject({
      type: "stop",
      stopReason: "policy_denied",
      node: "add",
    });
    const throwing = {
      ...flow,
      nodes: [
        {
          ...flow.nodes[0],
          run: () => {
            throw new Error("bad input");
          },
        },
        ...flow.nodes.slice(1),
      ],
    } as WorkflowDefinition;
    expect(walk(throwing, "x", []).action).toMatchObject({
      type: "stop",
      stopReason: "invalid_input",
      error: 'Node "n": bad input',
    });
    expect(walk(flow, "1", [nodeStep(1, { workflow: { node: "add", output: 1 } })]).action).toMatchObject({
      type: "stop",
      stopReason: "internal_error",
    });
  });

  it("draws each node's state without computing anything", () => {
    let ran = 0;
    const counting = {
      ...flow,
      nodes: [{ ...flow.nodes[0], run: () => ++ran }, ...flow.nodes.slice(1)],
    } as WorkflowDefinition;
    const fresh = workflowGraph(counting, { input: "1", status: "running" }, []);
    expect(ran).toBe(0);
    expect(fresh.nodes.map((n) => [n.id, n.state])).toEqual([
      ["n", "running"],
      ["more", "pending"],
      ["add", "pending"],
      ["big", "pending"],
      ["end", "pending"],
    ]);
    const parked = workflowGraph(flow, { input: "1", status: "waiting_approval" }, [
      nodeStep(1, { workflow: { node: "n", output: 1 } }),
      nodeStep(2, {
        workflow: { node: "add" },
        toolCalls: [{ toolCallId: "a", toolName: "inc", input: {} }],
      }),
    ]);
    expect(Object.fromEntries(parked.nodes.map((n) => [n.id, n.state]))).toMatchObject({
      n: "done",
      more: "done",
      add: "waiting",
    });
    const killed = workflowGraph(flow, { input: "1", status: "killed" }, [
      nodeStep(1, { workflow: { node: "n", output: 1 } }),
      nodeStep(2, {
        workflow: { node: "add" },
        toolCalls: [{ toolCallId: "a", toolName: "inc", input: {} }],
      }),
    ]);
    expect(Object.fromEntries(killed.nodes.map((n) => [n.id, n.state]))).toMatchObject({
      add: "failed",
      big: "skipped",
    });
    expect(killed.edges).toContainEqual({ from: "add", to: "more", back: true });
    expect(killed.nodes.find((n) => n.id === "end")?.layer).toBe(3);
  });
});

describe("checking a workflow's graph", () => {
  it("passes the demo's and names what is wrong with a broken one", () => {
    expect(checkWorkflow(refundWorkflow)).toEqual([]);
    // Drawn with every edge pointing down: the hand-off to a person beside the refund, the answer last.
    const drawn = workflowGraph(refundWorkflow, { input: "T-1030", status: "queued" }, []);
    const layer = (id: string) => drawn.nodes.find((n) => n.id === id)?.layer;
    expect([layer("refund"), layer("escalate"), layer("done")]).toEqual([7, 7, 9]);
    expect(drawn.edges.filter((e) => e.back)).toEqual([]);
    const broken: WorkflowDefinition = {
      name: "broken",
      description: "",
      start: "a",
      nodes: [
        { id: "a", kind: "loop", body: "a", until: () => true, max: 0, next: "nowhere" },
        { id: "lost", kind: "end", answer: () => "" },
      ],
    };
    expect(checkWorkflow(broken)).toEqual([
      'node "a" leads to "nowhere", which does not exist',
      'loop "a" needs a whole bound of at least 1',
      'node "lost" cannot be reached',
    ]);
  });
});
