import { describe, expect, it } from "vitest";
import type { ModelStepPayload, ToolStepPayload } from "@/db/schema";
import { RunState } from "./run-state";

const usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };

/** A run's steps, built turn by turn: each turn proposes calls, then each call settles. */
function run(turns: { calls: string[]; results?: Partial<ToolStepPayload>[] }[]): RunState {
  const state = new RunState("instructions", "goal");
  let seq = 0;
  turns.forEach(({ calls, results = [] }, i) => {
    const turn = i + 1;
    const toolCalls = calls.map((toolName, n) => ({ toolCallId: `${turn}-${n}`, toolName, input: {} }));
    const model: ModelStepPayload = { text: "", toolCalls, finishReason: "tool-calls", usage, costUsd: 0 };
    state.apply({ seq: ++seq, turn, kind: "model", payload: model });
    results.forEach((result, n) => {
      const payload: ToolStepPayload = {
        toolCallId: `${turn}-${n}`,
        toolName: calls[n] ?? "get_ticket",
        args: {},
        status: "ok",
        result: {},
        receipt: null,
        idempotencyKey: `k${seq}`,
        risk: "read",
        ...result,
      };
      state.apply({ seq: ++seq, turn, kind: "tool", payload });
    });
  });
  return state;
}

const read = {};
const approval = { id: "a", status: "approved" as const, decidedBy: "x", comment: null, waitedMs: 1 };

describe("which turns the router model answers", () => {
  it("the first turn plans on the main model", () => {
    expect(run([]).nextTurnIsSimple).toBe(false);
  });

  it("a turn after successful reads only is simple", () => {
    expect(run([{ calls: ["get_ticket"], results: [read] }]).nextTurnIsSimple).toBe(true);
    expect(run([{ calls: ["get_ticket", "get_order"], results: [read, read] }]).nextTurnIsSimple).toBe(true);
  });

  it("a turn after a write, a failed, refused or approved call, or a turn without calls, is not", () => {
    const simpleAfter = (result: Partial<ToolStepPayload>) =>
      run([{ calls: ["get_ticket", "get_order"], results: [read, result] }]).nextTurnIsSimple;
    expect(simpleAfter({ risk: "write" })).toBe(false);
    expect(simpleAfter({ risk: "irreversible" })).toBe(false);
    expect(simpleAfter({ status: "error" })).toBe(false);
    expect(simpleAfter({ status: "invalid", risk: undefined })).toBe(false);
    expect(simpleAfter({ status: "denied", risk: undefined })).toBe(false);
    expect(simpleAfter({ status: "rejected", risk: undefined })).toBe(false);
    expect(simpleAfter({ approval })).toBe(false);
    expect(run([{ calls: ["get_ticket"], results: [read] }, { calls: [] }]).nextTurnIsSimple).toBe(false);
  });

  it("looks only at the latest turn", () => {
    const state = run([
      { calls: ["update_ticket"], results: [{ risk: "write" }] },
      { calls: ["get_ticket"], results: [read] },
    ]);
    expect(state.nextTurnIsSimple).toBe(true);
    expect(
      run([
        { calls: ["get_ticket"], results: [read] },
        { calls: ["update_ticket"], results: [{ risk: "write" }] },
      ]).nextTurnIsSimple,
    ).toBe(false);
  });
});
