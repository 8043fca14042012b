import { and, eq, sql } from "drizzle-orm";
import { type ProposedToolCall, type Run, runs } from "@/db/schema";
import type { CompiledPolicy } from "@/lib/policy/compile";
import { policyCache } from "@/lib/policy/store";
import type { AnyTool } from "@/lib/tools/types";
import type { EngineConfig } from "./engine-config";
import { killedEnding, killedReason } from "./kill-guard";
import { LeaseLostError } from "./lease";
import { parkForReconcile, reconcileAfterKill } from "./parking";
import type { RunEnding } from "./persist-step";
import type { Gate } from "./policy-gate";
import { recheckUnderLocks } from "./recheck-under-locks";
import type { RunContext } from "./run-context";
import { RunDeadlineError, type StepOutcome } from "./step-outcome";
import { type ToolOutcome, withRecords } from "./tool-outcome";
import { type ExecuteToolInput, executeTool, ToolOutcomeUnknownError } from "./tool-step";

type Allowed = Extract<Gate, { kind: "execute" }>;

/**
 * Runs a call the gate let through. A write is marked pending first, so a crash during it is known
 * for what it is; a write that was stopped and did not settle waits for a person to say what it did.
 */
export async function runAllowedCall(
  ctx: RunContext,
  call: ProposedToolCall,
  seq: number,
  tool: AnyTool,
  gate: Allowed,
  idempotencyKey: string,
): Promise<ToolOutcome | StepOutcome> {
  const { config, run, state } = ctx;
  if (ctx.recorded) return ctx.recorded.answer(call, tool, gate, idempotencyKey);
  const pending = { seq, toolCallId: call.toolCallId, toolName: tool.name, idempotencyKey };
  const writes = !gate.preview && tool.risk(gate.args) !== "read";
  // Fetched now (a cache hit: the gate just used it), never from inside the write's transaction.
  const policy = writes ? await policyCache(config.db).active(run.tenantId) : undefined;
  if (writes) await markPending(config, ctx.ref, pending, gate.approval?.id);
  const result = await abortable(ctx.toolSignal, `execute_tool ${tool.name}`, () =>
    executeTool({
      ...executeInput(ctx, call, tool, gate, idempotencyKey, policy),
      step: { seq, toolCallId: call.toolCallId, provenance: gate.policy?.provenance },
    }).catch(unknownOutcome),
  ).catch((error) => {
    if (ctx.timeUp.aborted) throw new RunDeadlineError();
    throw error;
  });
  if (result === UNKNOWN_OUTCOME) {
    // The write was stopped and did not settle: as after a crash, a person says what happened.
    // A kill still ends the run; the person's answer then only records what the call did.
    const killedBy = killedReason(ctx.toolSignal);
    if (!killedBy) return parkForReconcile(config, { ...run, pendingToolCall: pending }, state);
    await reconcileAfterKill(config, { ...run, pendingToolCall: pending }, state);
    return killedEnding(killedBy, `execute_tool ${tool.name}`);
  }
  if ("stopReason" in result) return result;
  withRecords(result.payload, gate);
  return result;
}

function executeInput(
  ctx: RunContext,
  call: ProposedToolCall,
  tool: AnyTool,
  gate: Allowed,
  idempotencyKey: string,
  policy: CompiledPolicy | undefined,
): ExecuteToolInput {
  const { config, run } = ctx;
  return {
    db: config.db,
    tool,
    call,
    args: gate.args,
    tenantId: run.tenantId,
    runId: run.id,
    idempotencyKey,
    signal: ctx.toolSignal,
    appBaseUrl: config.appBaseUrl,
    resilience: ctx.resilience,
    preview: gate.preview,
    fencingToken: ctx.ref.fencingToken,
    recheck: !policy
      ? undefined
      : (tx) =>
          recheckUnderLocks(tx, policy, {
            db: config.db,
            tenantId: run.tenantId,
            agentName: run.agentName,
            tool,
            args: gate.args as Record<string, unknown>,
            evidence: ctx.state.evidence,
            appBaseUrl: config.appBaseUrl,
          }),
  };
}

const UNKNOWN_OUTCOME = Symbol("unknown outcome");

const unknownOutcome = (error: unknown): typeof UNKNOWN_OUTCOME => {
  if (error instanceof ToolOutcomeUnknownError) return UNKNOWN_OUTCOME;
  throw error;
};

/** A call cut short by a kill ends the run, naming the call it aborted. */
async function abortable<T>(
  signal: AbortSignal,
  name: string,
  call: () => Promise<T>,
): Promise<T | RunEnding> {
  try {
    return await call();
  } catch (error) {
    const killedBy = killedReason(signal);
    if (killedBy) return killedEnding(killedBy, name);
    throw error;
  }
}

/**
 * Marks the write started. The person's decisions the run holds are used up with it, except the
 * approval this call runs under: after a crash it still says which arguments were approved (a
 * non-idempotent call is reconciled with them, an idempotent one retried with them). A reconcile's
 * "retry" is used up as the retry starts, so a crash during it asks a person again rather than
 * retrying once more. An answered question is person-turn's and stays.
 */
async function markPending(
  config: EngineConfig,
  ref: { id: string; fencingToken: number },
  pending: NonNullable<Run["pendingToolCall"]>,
  approvalId: string | undefined,
) {
  const kept = sql`${runs.approval}->>'kind' = 'question'
    or (${runs.approval}->>'approvalId' = ${approvalId ?? null}::text
      and coalesce(${runs.approval}->>'kind', 'approval') = 'approval')`;
  const updated = await config.db
    .update(runs)
    .set({ pendingToolCall: pending, approval: sql`case when ${kept} then ${runs.approval} end` })
    .where(and(eq(runs.id, ref.id), eq(runs.fencingToken, ref.fencingToken)))
    .returning({ id: runs.id });
  if (updated.length === 0) throw new LeaseLostError(ref.id);
}
