import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/db/client";
import { breakerStates } from "@/lib/resilience/breakers";
import { DEFAULT_RESILIENCE } from "@/lib/resilience/settings";
import { toolAsTarget } from "@/lib/tools/policy-target";
import { type AnyTool, ToolInputError } from "@/lib/tools/types";
import { executeTool } from "./tool-step";

const resilience = { ...DEFAULT_RESILIENCE, baseDelayMs: 5, maxDelayMs: 10, breakerFailures: 3 };

/** A tool whose first `failures` calls throw what `fail` makes; it records the keys it saw. */
function flakyTool(
  name: string,
  idempotent: boolean,
  failures: number,
  fail = () => new Error("socket hang up"),
) {
  const keys: string[] = [];
  const tool: AnyTool = {
    name,
    policy: toolAsTarget(name),
    version: 1,
    description: "test",
    input: z.object({}),
    risk: () => "write",
    timeoutMs: 1000,
    idempotent,
    async execute(_args, ctx) {
      keys.push(ctx.idempotencyKey);
      if (keys.length <= failures) throw fail();
      return { output: { ok: true }, receipt: { n: keys.length } };
    },
  };
  return { tool, keys };
}

const call = (tool: AnyTool, signal = new AbortController().signal) =>
  executeTool({
    // Write tools run in a transaction with time limits: a stand-in that runs the work at once.
    db: {
      transaction: (work: (tx: unknown) => unknown) => work({ execute: async () => [] }),
    } as unknown as Db,
    tool,
    call: { toolCallId: "c1", toolName: tool.name, input: {} },
    args: {},
    tenantId: "t",
    runId: "r",
    idempotencyKey: "key-1",
    signal,
    appBaseUrl: "http://127.0.0.1:1",
    resilience,
  });

describe("tool retries and breakers", () => {
  it("retries an idempotent tool's transient failure with the same idempotency key", async () => {
    const { tool, keys } = flakyTool("flaky_idempotent", true, 1);
    const result = await call(tool);
    expect(result.failed).toBe(false);
    expect(result.payload).toMatchObject({ status: "ok", attempts: 2, receipt: { n: 2 } });
    expect(keys).toEqual(["key-1", "key-1"]);
  });

  it("does not retry a tool that is not idempotent", async () => {
    const { tool, keys } = flakyTool("flaky_once", false, 1);
    const result = await call(tool);
    expect(result.failed).toBe(true);
    expect(result.payload).toMatchObject({ status: "error", result: { error: "socket hang up" } });
    expect(keys).toHaveLength(1);
  });

  it("sends an input error back to the model without retrying", async () => {
    const { tool, keys } = flakyTool("bad_input", true, 1, () => new ToolInputError("No order O-9."));
    const result = await call(tool);
    expect(result.failed).toBe(false);
    expect(result.payload).toMatchObject({ status: "error", result: { error: "No order O-9." } });
    expect(keys).toHaveLength(1);
  });

  it("opens the tool's breaker after repeated failures and then fails fast", async () => {
    const { tool, keys } = flakyTool("always_down", false, 100);
    for (let i = 0; i < 3; i++) await call(tool);
    const result = await call(tool);
    expect(result.failed).toBe(true);
    expect(String((result.payload.result as { error: string }).error)).toContain("circuit open");
    expect(keys).toHaveLength(3);
    expect(breakerStates("any-tenant")).toContainEqual(
      expect.objectContaining({ key: "tool:always_down", state: "open" }),
    );
  });
});
