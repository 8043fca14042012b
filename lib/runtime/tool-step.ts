import type { z } from "zod";
import type { Db } from "@/db/client";
import type { ProposedToolCall, ToolStepPayload } from "@/db/schema";
import { getTool } from "@/lib/tools/registry";
import { type AnyTool, ToolInputError } from "@/lib/tools/types";

export type ToolCallResult = {
  payload: ToolStepPayload;
  startedAt: Date;
  endedAt: Date;
  workMs: number;
  tool?: AnyTool;
};

export class ToolTimeoutError extends Error {
  constructor(tool: string, ms: number) {
    super(`${tool} did not finish within ${ms} ms.`);
    this.name = "ToolTimeoutError";
  }
}

/** Looks the tool up and validates the arguments: invalid or unknown calls are never executed. */
export function prepareToolCall(call: ProposedToolCall, allowed: string[]) {
  const tool = allowed.includes(call.toolName) ? getTool(call.toolName) : undefined;
  if (!tool) {
    return {
      ok: false as const,
      status: "unknown_tool" as const,
      error: `There is no tool named "${call.toolName}". Available tools: ${allowed.join(", ")}.`,
    };
  }
  const parsed = (tool.input as z.ZodType).safeParse(call.input);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`)
      .join("; ");
    return {
      ok: false as const,
      status: "invalid" as const,
      error: `Invalid arguments for ${tool.name}: ${problems}`,
    };
  }
  return { ok: true as const, tool, args: parsed.data as unknown };
}

/**
 * Runs a validated call with the tool's timeout, the run's abort signal and the idempotency key.
 * A ToolInputError goes back to the model as a readable error; anything else is a tool failure.
 */
export async function executeTool(input: {
  db: Db;
  tool: AnyTool;
  call: ProposedToolCall;
  args: unknown;
  tenantId: string;
  runId: string;
  idempotencyKey: string;
  signal: AbortSignal;
  appBaseUrl: string;
}): Promise<ToolCallResult & { failed: boolean }> {
  const { tool, call } = input;
  const startedAt = new Date();
  const clock = performance.now();
  const timeout = AbortSignal.timeout(tool.timeoutMs);
  const signal = AbortSignal.any([input.signal, timeout]);
  const base = {
    toolCallId: call.toolCallId,
    toolName: tool.name,
    args: input.args,
    idempotencyKey: input.idempotencyKey,
  };
  try {
    const outcome = await Promise.race([
      tool.execute(input.args, {
        db: input.db,
        tenantId: input.tenantId,
        runId: input.runId,
        idempotencyKey: input.idempotencyKey,
        signal,
        appBaseUrl: input.appBaseUrl,
      }),
      new Promise<never>((_, reject) =>
        signal.addEventListener(
          "abort",
          () => reject(timeout.aborted ? new ToolTimeoutError(tool.name, tool.timeoutMs) : signal.reason),
          {
            once: true,
          },
        ),
      ),
    ]);
    return {
      tool,
      failed: false,
      startedAt,
      endedAt: new Date(),
      workMs: performance.now() - clock,
      payload: { ...base, status: "ok", result: outcome.output, receipt: outcome.receipt },
    };
  } catch (error) {
    if (input.signal.aborted) throw error;
    const readable = error instanceof ToolInputError;
    return {
      tool,
      failed: !readable,
      startedAt,
      endedAt: new Date(),
      workMs: performance.now() - clock,
      payload: {
        ...base,
        status: "error",
        result: { error: error instanceof Error ? error.message : String(error) },
        receipt: null,
      },
    };
  }
}
