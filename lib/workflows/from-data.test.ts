import { describe, expect, it } from "vitest";
import { fill, valueAt } from "./data-refs";
import { workflowFromData } from "./from-data";
import { walk } from "./walk";

const data = { input: "T-1004", out: { read: { ticket_id: "T-1004", total: 12.5, items: [{ sku: "A" }] } } };

describe("a data workflow's references", () => {
  it("keep a whole reference's type, write a partial one into text, and fill objects all the way down", () => {
    expect(valueAt(data, "out.read.items.0.sku")).toBe("A");
    expect(fill("{{out.read.total}}", data)).toBe(12.5);
    expect(fill("Ticket {{ input }} costs {{out.read.total}}{{out.none}}", data)).toBe(
      "Ticket T-1004 costs 12.5",
    );
    expect(fill({ a: ["{{input}}", 3], b: { c: "{{out.read}}" } }, data)).toEqual({
      a: ["T-1004", 3],
      b: { c: data.out.read },
    });
  });
});

const flow = {
  name: "data-flow",
  start: "read",
  nodes: [
    { id: "read", kind: "tool", tool: "get_ticket", args: { ticket_id: "{{input}}" }, next: "open" },
    { id: "open", kind: "branch", on: "out.read.status", cases: { open: "done" }, default: "closed" },
    { id: "done", kind: "end", answer: "{{out.read.ticket_id}} is open" },
    { id: "closed", kind: "end", answer: "{{out.read.ticket_id}} is {{out.read.status}}" },
  ],
};

describe("a workflow written as data", () => {
  it("walks as one in code: calls filled from the input, a branch on a value with a default", () => {
    const definition = workflowFromData(flow);
    expect(walk(definition, "T-1", []).action).toEqual({
      type: "calls",
      node: "read",
      calls: [{ toolName: "get_ticket", input: { ticket_id: "T-1" } }],
    });
    const read = (status: string) => [
      {
        seq: 1,
        kind: "model" as const,
        payload: {
          text: "",
          toolCalls: [{ toolCallId: "a", toolName: "get_ticket", input: {} }],
          finishReason: "workflow",
          usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 },
          costUsd: 0,
          workflow: { node: "read" },
        },
      },
      {
        seq: 2,
        kind: "tool" as const,
        payload: {
          toolCallId: "a",
          toolName: "get_ticket",
          args: {},
          status: "ok" as const,
          result: { ticket_id: "T-1", status },
          receipt: null,
          idempotencyKey: "k",
        },
      },
    ];
    expect(walk(definition, "T-1", read("open")).action).toEqual({
      type: "end",
      node: "done",
      answer: "T-1 is open",
    });
    expect(walk(definition, "T-1", read("closed")).action).toEqual({
      type: "end",
      node: "closed",
      answer: "T-1 is closed",
    });
  });

  it("is refused with what is wrong: its shape, its references, its schema", () => {
    expect(() => workflowFromData({ ...flow, nodes: [{ id: "x", kind: "teleport" }] })).toThrow(
      /The workflow is not valid: nodes\.0\.kind/,
    );
    expect(() =>
      workflowFromData({
        ...flow,
        nodes: [...flow.nodes.slice(0, 3), { id: "closed", kind: "end", answer: "{{out.nope.x}}" }],
      }),
    ).toThrow("The workflow refers to what it does not have: out.nope.x.");
    const model = {
      id: "ask",
      kind: "model",
      instructions: "Classify.",
      prompt: "{{input}}",
      schema: {
        type: "object",
        properties: { category: { type: "string", enum: ["a", "b"] } },
        required: ["category"],
      },
      next: "done",
    };
    const compiled = workflowFromData({ ...flow, start: "ask", nodes: [model, ...flow.nodes] });
    const node = compiled.nodes[0];
    expect(node?.kind === "model" && node.schema.safeParse({ category: "a" }).success).toBe(true);
    expect(node?.kind === "model" && node.schema.safeParse({ category: "c" }).success).toBe(false);
  });
});
