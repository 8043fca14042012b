import { describe, expect, it } from "vitest";
import type { RunStep } from "@/db/schema";
import { toStepOutline } from "./live-view";

const at = new Date("2026-11-22T00:00:00Z");
const step = (kind: "model" | "tool", payload: unknown) =>
  ({ runId: "r", seq: 3, turn: 2, kind, payload, costUsd: null, startedAt: at, endedAt: at }) as RunStep;

describe("step outlines for very long runs", () => {
  it("keep what the header shows and drop the payloads", () => {
    const tool = toStepOutline(
      step("tool", {
        toolCallId: "c1",
        toolName: "send_email",
        args: { to: "ana@example.com", body: "x".repeat(5000) },
        status: "ok",
        result: { outbox_id: 4 },
        receipt: { outbox_id: 4 },
        idempotencyKey: "k",
      }),
    );
    expect(tool).toMatchObject({
      partial: true,
      kind: "tool",
      payload: { toolName: "send_email", status: "ok", receipt: {} },
    });
    expect(JSON.stringify(tool)).not.toContain("ana@example.com");
    const model = toStepOutline(
      step("model", {
        text: "secret reasoning",
        toolCalls: [{ toolCallId: "c1", toolName: "get_ticket", input: { ticket_id: "T-1" } }],
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0 },
        costUsd: 0.1,
        finishReason: "tool-calls",
      }),
    );
    expect(model).toMatchObject({
      partial: true,
      payload: { text: "", toolCalls: [{ toolName: "get_ticket", input: {} }], costUsd: 0.1 },
    });
  });
});
