import type { ProposedToolCall, spans } from "@/db/schema";
import { idempotencyKeyFor } from "@/lib/telemetry/ids";
import { toolCallSpan, turnSpanId } from "@/lib/telemetry/spans";
import { type DelegateResult, type Delegation, resumeDelegation, startDelegation } from "./delegate-turn";
import { observeStep } from "./engine-config";
import { runAllowedCall } from "./gated-call";
import { LOOP_LIMIT } from "./loop-guard";
import { parkForApproval } from "./parking";
import { commitStep, type RunEnding } from "./persist-step";
import { personTurn } from "./person-turn";
import { gateToolCall, securityLimitEnding } from "./policy-gate";
import type { RunContext } from "./run-context";
import { isSecurityAttempt } from "./security-attempts";
import { CONTINUE, ENDED, type StepOutcome } from "./step-outcome";
import { isToolOutcome, syntheticOutcome, type ToolOutcome } from "./tool-outcome";
import { prepareToolCall } from "./tool-step";

type SpanRow = typeof spans.$inferInsert;

const NO_SPANS: readonly SpanRow[] = [];

/**
 * The next proposed call of the current turn, committed as step `seq`: validated, decided by the
 * gate, then run, refused, parked for a person or recorded as settled.
 */
export async function toolTurn(
  ctx: RunContext,
  call: ProposedToolCall,
  seq: number,
  stepStarted: number,
): Promise<StepOutcome> {
  const { run, state } = ctx;
  const overBudget = ctx.budget.beforeToolCall();
  if (overBudget) return overBudget;
  const idempotencyKey = idempotencyKeyFor(run.id, state.turn, call.toolCallId);
  const prepared = prepareToolCall(call, ctx.agent.tools, run.tenantId);
  if (state.loops.wouldLoop(call.toolName, prepared.ok ? prepared.args : call.input))
    return {
      status: "stopped",
      stopReason: "loop_detected",
      error: `${call.toolName} was called ${LOOP_LIMIT} times with the same arguments: stopped as a loop.`,
    };
  if (!prepared.ok) {
    const outcome = syntheticOutcome(call, idempotencyKey, call.input, prepared.status, {
      error: prepared.error,
    });
    const ending = isSecurityAttempt(prepared.status)
      ? securityLimitEnding(state, `${call.toolName} — ${prepared.error}`)
      : undefined;
    return commitToolStep(ctx, seq, stepStarted, outcome, NO_SPANS, ending);
  }
  const args = prepared.args as Record<string, unknown>;
  if (prepared.tool.source?.kind === "person") {
    const asked = { call, seq, tool: prepared.tool, args };
    const answer = await personTurn(ctx, asked, idempotencyKey);
    if (typeof answer !== "object" || !("outcome" in answer)) return answer;
    return commitToolStep(ctx, seq, stepStarted, answer.outcome, answer.spans, answer.ending);
  }
  // A delegate call that started its child before: no new decision, the child's end answers it.
  const delegation =
    prepared.tool.source?.kind === "agent" && !ctx.recorded ? { call, seq, tool: prepared.tool, args } : null;
  if (delegation) {
    const resumed = await resumeDelegation(ctx, delegation, idempotencyKey);
    if (resumed !== null) return commitDelegateStep(ctx, seq, stepStarted, resumed);
  }
  return decidedTurn(ctx, { call, seq, tool: prepared.tool, args }, stepStarted, idempotencyKey, delegation);
}

/** A valid call the gate decides: run, refused, parked for a person, settled, or delegated. */
async function decidedTurn(
  ctx: RunContext,
  { call, seq, tool, args }: Delegation,
  stepStarted: number,
  idempotencyKey: string,
  delegation: Delegation | null,
): Promise<StepOutcome> {
  const { run, state } = ctx;
  const gate = await gateToolCall({
    config: ctx.config,
    run,
    agent: ctx.agent,
    state,
    call,
    tool,
    args,
    seq,
    recordedFacts: ctx.recorded?.factsFor(tool.name, args),
  });
  switch (gate.kind) {
    case "end":
      return gate.ending;
    case "park":
      return parkForApproval(ctx.config, run, state, ctx.guard, { call, seq, tool, gate });
    case "settled":
      return commitToolStep(
        ctx,
        seq,
        stepStarted,
        syntheticOutcome(call, idempotencyKey, args, "ok", gate.result, gate),
        gate.spans,
      );
    case "refuse": {
      const outcome = syntheticOutcome(
        call,
        idempotencyKey,
        args,
        gate.status,
        { error: gate.message },
        gate,
      );
      return commitToolStep(ctx, seq, stepStarted, outcome, gate.spans, gate.ending);
    }
    case "execute": {
      if (delegation)
        return commitDelegateStep(
          ctx,
          seq,
          stepStarted,
          await startDelegation(ctx, delegation, gate, idempotencyKey),
        );
      const outcome = await runAllowedCall(ctx, call, seq, tool, gate, idempotencyKey);
      return isToolOutcome(outcome) ? commitToolStep(ctx, seq, stepStarted, outcome, gate.spans) : outcome;
    }
  }
}

/** A delegate call settled (the child's result, or a refusal) is committed; parked or ended, nothing is. */
function commitDelegateStep(
  ctx: RunContext,
  seq: number,
  stepStarted: number,
  result: DelegateResult | StepOutcome,
): Promise<StepOutcome> | StepOutcome {
  if (typeof result !== "object" || !("outcome" in result)) return result;
  return commitToolStep(ctx, seq, stepStarted, result.outcome, result.spans);
}

/** Commits the call's step; a failed tool, or a refusal one too many, ends the run with it. */
async function commitToolStep(
  ctx: RunContext,
  seq: number,
  stepStarted: number,
  outcome: ToolOutcome,
  gateSpans: readonly SpanRow[],
  gateEnding?: RunEnding,
): Promise<StepOutcome> {
  const { state, run } = ctx;
  const { payload, startedAt, endedAt } = outcome;
  const step = { seq, turn: state.turn, kind: "tool" as const, payload, costUsd: null, startedAt, endedAt };
  const commitMs = await commitStep(ctx.sql, {
    run: ctx.ref,
    step,
    totals: { toolCalls: 1 },
    newSpans: [...gateSpans, toolCallSpan(ctx.spanRef, seq, state.turn, payload, startedAt, endedAt)],
    extendTurnSpan: { spanId: turnSpanId(run.traceId, state.turn), end: endedAt },
    ending: outcome.failed
      ? {
          status: "failed",
          stopReason: "tool_failed",
          error: String((payload.result as { error?: string }).error),
        }
      : gateEnding,
  });
  ctx.budget.toolCalled();
  if (payload.childRun) ctx.budget.childRan(payload.childRun);
  state.apply(step);
  observeStep(ctx.config, "tool", stepStarted, outcome.workMs, commitMs);
  return outcome.failed || gateEnding ? ENDED : CONTINUE;
}
