import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type ProposedToolCall, type RunStep, runSteps, type ToolStepPayload } from "@/db/schema";
import { canonicalJson } from "@/lib/canonical-json";
import type { AnyTool } from "@/lib/tools/types";
import type { Gate } from "./policy-gate";
import { type ToolOutcome, withRecords } from "./tool-outcome";

type Recorded = { seq: number; payload: ToolStepPayload };

/** Only calls that ran (or previewed) have a result to give again; refused ones never had one. */
const HAS_RESULT: readonly ToolStepPayload["status"][] = ["ok", "error"];

const keyOf = (toolName: string, args: unknown) => `${toolName}\u0000${canonicalJson(args ?? null)}`;

/**
 * A recorded replay's tool layer: a call whose tool and canonical arguments (RFC 8785) match a call
 * of the replayed run gets that call's recorded result, in the order they were recorded; any other
 * call gets a readable "no recorded result" error. Nothing is ever executed, so a recorded replay has
 * no side effect, and its receipts are marked as previews.
 */
export class RecordedCalls {
  private readonly used = new Map<string, number>();

  private constructor(
    readonly sourceRunId: string,
    private readonly byCall: Map<string, Recorded[]>,
  ) {}

  /** `ownSteps`: the replay's committed steps, so a replay resumed after a crash goes on where it was. */
  static async load(db: Db, sourceRunId: string, ownSteps: readonly RunStep[] = []): Promise<RecordedCalls> {
    const rows = await db
      .select({ seq: runSteps.seq, payload: runSteps.payload })
      .from(runSteps)
      .where(and(eq(runSteps.runId, sourceRunId), eq(runSteps.kind, "tool")))
      .orderBy(asc(runSteps.seq));
    const byCall = new Map<string, Recorded[]>();
    for (const row of rows) {
      const payload = row.payload as ToolStepPayload;
      if (!HAS_RESULT.includes(payload.status)) continue;
      const key = keyOf(payload.toolName, payload.args);
      byCall.set(key, [...(byCall.get(key) ?? []), { seq: row.seq, payload }]);
    }
    const calls = new RecordedCalls(sourceRunId, byCall);
    for (const step of ownSteps) {
      const payload = step.payload as ToolStepPayload;
      if (step.kind === "tool" && payload.recordedFrom) calls.take(keyOf(payload.toolName, payload.args));
    }
    return calls;
  }

  /** The step for a call the gate allowed, answered from the record without running the tool. */
  answer(
    call: ProposedToolCall,
    tool: AnyTool,
    gate: Extract<Gate, { kind: "execute" }>,
    idempotencyKey: string,
  ): ToolOutcome {
    const now = new Date();
    const found = this.take(keyOf(tool.name, gate.args));
    const payload: ToolStepPayload = {
      toolCallId: call.toolCallId,
      toolName: tool.name,
      args: gate.args,
      status: found ? found.payload.status : "error",
      result: found
        ? found.payload.result
        : {
            error: `No recorded result: run ${this.sourceRunId} never called ${tool.name} with these arguments, and a recorded replay executes nothing.`,
          },
      receipt: found?.payload.receipt ?? null,
      idempotencyKey,
      risk: tool.risk(gate.args),
      preview: true,
      ...(found ? { recordedFrom: { runId: this.sourceRunId, seq: found.seq } } : {}),
    };
    withRecords(payload, gate);
    return { failed: false, startedAt: now, endedAt: now, workMs: 0, payload };
  }

  /** The facts policy decided the matching recorded call from, so the decision does not hang on today's data. */
  factsFor(toolName: string, args: unknown): Record<string, unknown> | undefined {
    return this.peek(keyOf(toolName, args))?.payload.policy?.facts;
  }

  private peek(key: string): Recorded | undefined {
    const list = this.byCall.get(key);
    if (!list?.length) return undefined;
    return list[Math.min(this.used.get(key) ?? 0, list.length - 1)];
  }

  /** The next recorded call with this key; once they are used up, the last one answers again. */
  private take(key: string): Recorded | undefined {
    const found = this.peek(key);
    if (found) this.used.set(key, (this.used.get(key) ?? 0) + 1);
    return found;
  }
}
