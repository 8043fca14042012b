import { type LedgerHold, releaseTenantSpend } from "@/lib/budgets/tenant-ledger";
import { modelCallSpan, turnSpan } from "@/lib/telemetry/spans";
import { COMPLETION_TOOL, parseCompletion } from "./completion";
import { observeStep } from "./engine-config";
import { killedEnding, killedReason, throwIfHeld } from "./kill-guard";
import { callModel, type ModelCallResult } from "./model-step";
import { commitStep, type RunEnding, type StepCommit } from "./persist-step";
import type { RunContext } from "./run-context";
import { CONTINUE, ENDED, errorMessage, RunDeadlineError, type StepOutcome } from "./step-outcome";
import { holdTenantBudget } from "./tenant-hold";

/**
 * One model call, committed as step `seq` of a new turn. Its worst case is held on the tenant's
 * ledger first and settled to its real cost by the step's own commit; a call that never commits
 * gives the hold back.
 */
export async function modelTurn(ctx: RunContext, seq: number, stepStarted: number): Promise<StepOutcome> {
  const { config, run, state, budget } = ctx;
  const worst = budget.beforeModelCall(state.promptChars);
  if ("ending" in worst) return worst.ending;
  const held = await holdTenantBudget(config.db, run.tenantId, worst);
  if ("ending" in held) return held.ending;
  const reservation = held.hold;
  const result = await askModel(ctx, reservation);
  if (!("payload" in result)) return result;
  const { payload, startedAt, endedAt } = result;
  const step = {
    seq,
    turn: state.turn + 1,
    kind: "model" as const,
    payload,
    costUsd: payload.costUsd,
    startedAt,
    endedAt,
  };
  const finish = payload.toolCalls.find((c) => c.toolName === COMPLETION_TOOL);
  const completion = finish ? parseCompletion(finish.input) : null;
  // A completion proposed beside other calls ends the run once they have run (at the loop's top).
  const final = payload.toolCalls.every((c) => c.toolName === COMPLETION_TOOL);
  await commitStep(ctx.sql, {
    run: ctx.ref,
    step,
    totals: {
      modelCalls: 1,
      inputTokens: payload.usage.inputTokens,
      cachedInputTokens: payload.usage.cachedInputTokens,
      outputTokens: payload.usage.outputTokens,
      reasoningTokens: payload.usage.reasoningTokens,
      costUsd: payload.costUsd,
    },
    newSpans: [
      turnSpan(ctx.spanRef, step.turn, startedAt, endedAt),
      modelCallSpan(ctx.spanRef, seq, step.turn, payload, startedAt, endedAt),
    ],
    ending: final
      ? await ctx.ending(completion?.ok ? completion.answer : payload.text, completion)
      : undefined,
    settle: reservation ? settlement(reservation, result) : undefined,
  }).catch(async (error) => {
    await releaseHold(ctx, reservation);
    throw error;
  });
  budget.modelCalled(payload.usage, payload.costUsd);
  state.apply(step);
  observeStep(config, "model", stepStarted, result.workMs);
  return final ? ENDED : CONTINUE;
}

/** The model's answer, or how the run ends because there is none. */
async function askModel(
  ctx: RunContext,
  reservation: LedgerHold | null,
): Promise<ModelCallResult | RunEnding> {
  const { run, signal, models } = ctx;
  try {
    // The reservation is at the run model's price, the router's too: a cheaper router settles for less.
    const asked = models.router && ctx.state.nextTurnIsSimple ? await models.router() : models.primary;
    return await callModel({
      runModel: run.model,
      primary: asked,
      fallback: models.fallback,
      prompt: ctx.state.prompt,
      tools: ctx.tools,
      signal,
      timeoutMs: ctx.config.modelTimeoutMs,
      resilience: ctx.resilience,
    });
  } catch (error) {
    await releaseHold(ctx, reservation);
    // A pause aborted the call: its work is dropped and done again after the release.
    if (ctx.timeUp.aborted) throw new RunDeadlineError();
    throwIfHeld(signal);
    const killedBy = killedReason(signal);
    if (killedBy) return killedEnding(killedBy, `chat ${run.model}`);
    if (signal.aborted) throw error;
    return { status: "failed", stopReason: "model_failed", error: errorMessage(error) };
  }
}

function settlement(reservation: LedgerHold, { payload }: ModelCallResult): StepCommit["settle"] {
  return {
    day: reservation.day,
    reservedUsd: reservation.usd,
    spentUsd: payload.costUsd ?? 0,
    reservedTokens: reservation.tokens,
    // Tokens count where no price does: only calls held in tokens spend them.
    spentTokens: reservation.tokens > 0 ? payload.usage.inputTokens + payload.usage.outputTokens : 0,
  };
}

async function releaseHold(ctx: RunContext, reservation: LedgerHold | null): Promise<void> {
  if (reservation) await releaseTenantSpend(ctx.sql, ctx.run.tenantId, reservation).catch(() => {});
}
