import type { LanguageModelV4Prompt } from "@ai-sdk/provider";
import { type LedgerHold, releaseTenantSpend } from "@/lib/budgets/tenant-ledger";
import { modelCallSpan, turnSpan } from "@/lib/telemetry/spans";
import { COMPLETION_TOOL, parseCompletion } from "./completion";
import { observeStep } from "./engine-config";
import { killedEnding, killedReason, throwIfHeld } from "./kill-guard";
import { callModel, type ModelCallResult, type ModelChoice } from "./model-step";
import { commitStep, type RunEnding, type StepCommit } from "./persist-step";
import type { RunContext } from "./run-context";
import { CONTINUE, ENDED, errorMessage, RunDeadlineError, type StepOutcome } from "./step-outcome";
import { holdTenantBudget } from "./tenant-hold";
import { contextAttributes, contextFor, type SentContext } from "./turn-context";

/**
 * One model call, committed as step `seq` of a new turn. Its worst case is held on the tenant's
 * ledger first and settled to its real cost by the step's own commit; a call that never commits
 * gives the hold back.
 */
export async function modelTurn(ctx: RunContext, seq: number, stepStarted: number): Promise<StepOutcome> {
  const { config, run, state, budget } = ctx;
  const chosen = await chooseModel(ctx);
  if ("ending" in chosen) return chosen.ending;
  const context = contextFor(ctx, chosen.choice);
  if ("ending" in context) return context.ending;
  const worst = budget.beforeModelCall(context.promptChars);
  if ("ending" in worst) return worst.ending;
  const held = await holdTenantBudget(config.db, run.tenantId, worst);
  if ("ending" in held) return held.ending;
  const reservation = held.hold;
  const result = await askModel(ctx, chosen.choice, context.prompt, reservation);
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
      withContext(modelCallSpan(ctx.spanRef, seq, step.turn, payload, startedAt, endedAt), ctx, context),
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

/** The model that answers this turn: the router for a simple turn, if the agent has one. */
async function chooseModel(ctx: RunContext): Promise<{ choice: ModelChoice } | { ending: RunEnding }> {
  const { router, primary } = ctx.models;
  if (!router || !ctx.state.nextTurnIsSimple) return { choice: primary };
  try {
    return { choice: await router() };
  } catch (error) {
    return { ending: callFailed(ctx, error) };
  }
}

/** The model's answer, or how the run ends because there is none. */
async function askModel(
  ctx: RunContext,
  asked: ModelChoice,
  prompt: LanguageModelV4Prompt,
  reservation: LedgerHold | null,
): Promise<ModelCallResult | RunEnding> {
  try {
    // The reservation is at the run model's price, the router's too: a cheaper router settles for less.
    return await callModel({
      runModel: ctx.run.model,
      primary: asked,
      fallback: ctx.models.fallback,
      prompt,
      tools: ctx.tools,
      signal: ctx.signal,
      timeoutMs: ctx.config.modelTimeoutMs,
      resilience: ctx.resilience,
    });
  } catch (error) {
    await releaseHold(ctx, reservation);
    return callFailed(ctx, error);
  }
}

/** How a run ends when its model call failed; a pause, shutdown or the deadline throws instead. */
function callFailed(ctx: RunContext, error: unknown): RunEnding {
  const { run, signal } = ctx;
  // A pause aborted the call: its work is dropped and done again after the release.
  if (ctx.timeUp.aborted) throw new RunDeadlineError();
  throwIfHeld(signal);
  const killedBy = killedReason(signal);
  if (killedBy) return killedEnding(killedBy, `chat ${run.model}`);
  if (signal.aborted) throw error;
  return { status: "failed", stopReason: "model_failed", error: errorMessage(error) };
}

/** The model span with what the call was sent of the run's history. */
function withContext<S extends { attributes?: unknown }>(span: S, ctx: RunContext, context: SentContext): S {
  return {
    ...span,
    attributes: { ...(span.attributes as object), ...contextAttributes(context, ctx.contextStrategy) },
  };
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
