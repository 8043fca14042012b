import type { LanguageModelV4FunctionTool, LanguageModelV4Prompt } from "@ai-sdk/provider";
import type { ContextFacts, ModelStepPayload, OperatorMessage, WorkflowMark } from "@/db/schema";
import { type LedgerHold, releaseTenantSpend } from "@/lib/budgets/tenant-ledger";
import { modelCallSpan, turnSpan, turnSpanId } from "@/lib/telemetry/spans";
import { COMPLETION_TOOL, parseCompletion } from "./completion";
import { observeStep } from "./engine-config";
import { killedEnding, killedReason, throwIfHeld } from "./kill-guard";
import { callModel, type ModelCallResult, type ModelChoice } from "./model-step";
import { operatorMessageSpan } from "./operator-inbox";
import { commitStep, type RunEnding, type StepCommit } from "./persist-step";
import type { AnsweringModel } from "./run-budget";
import type { RunContext } from "./run-context";
import { CONTINUE, ENDED, errorMessage, RunDeadlineError, type StepOutcome } from "./step-outcome";
import { holdTenantBudget } from "./tenant-hold";
import { promptFor } from "./turn-context";
import { nodeSpan } from "./workflow-spans";

/** A model call to make and commit as a step. */
export type ModelCallRequest = {
  choice: ModelChoice;
  prompt: LanguageModelV4Prompt;
  /** Characters of the prompt as JSON: the budget's estimate. */
  promptChars: number;
  tools: LanguageModelV4FunctionTool[];
  /** What the model span adds to its GenAI attributes. */
  spanAttributes?: Record<string, string | number>;
  /** What the call is sent of the run's history, kept with its step. */
  contextFacts?: ContextFacts;
  /** A summary of the run's first N turns: a step of the current turn that proposes and ends nothing. */
  summaryOf?: number;
  /** Operators' messages appended to the prompt: the step carries them, so its commit delivers them. */
  operatorMessages?: OperatorMessage[];
  /** A workflow's model node: the answer is read into the node's output, and proposes no call. */
  workflowNode?: { node: string; read: (payload: ModelStepPayload) => WorkflowMark };
};

/**
 * One model call, committed as step `seq`: a new turn, or a summary within the current one. Its
 * worst case, at the price of the model that answers it, is held on the tenant's ledger first and
 * settled to its real cost by the step's own commit; a call that never commits gives the hold back.
 */
export async function commitModelCall(
  ctx: RunContext,
  seq: number,
  stepStarted: number,
  request: ModelCallRequest,
): Promise<StepOutcome> {
  const { config, run, state, budget } = ctx;
  const { choice } = request;
  const role = choice.name === run.model ? "run" : "router";
  const held = await holdFor(ctx, request.promptChars, { name: choice.name, price: choice.price, role });
  if ("ending" in held) return held.ending;
  // The fallback, should it answer instead, replaces the hold with its own.
  const reservation = { hold: held.hold };
  const result = await askModel(ctx, request, reservation);
  if (!("payload" in result)) return result;
  const { startedAt, endedAt } = result;
  const summary = request.summaryOf !== undefined;
  const messages = request.operatorMessages;
  const payload = payloadOf(request, withTraceAttributes(ctx, request, result.payload));
  const turn = summary ? state.turn : state.turn + 1;
  const step = { seq, turn, kind: "model" as const, payload, costUsd: payload.costUsd, startedAt, endedAt };
  const span = modelCallSpan(ctx.spanRef, seq, turn, payload, startedAt, endedAt);
  const node = request.workflowNode?.node;
  const commitMs = await commitStep(ctx.sql, {
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
    newSpans: summary
      ? [span]
      : [
          node
            ? nodeSpan(ctx.spanRef, turn, node, startedAt, endedAt)
            : turnSpan(ctx.spanRef, turn, startedAt, endedAt),
          ...(messages ? [operatorMessageSpan(ctx.spanRef, seq, turn, messages, startedAt)] : []),
          span,
        ],
    ...(summary ? { extendTurnSpan: { spanId: turnSpanId(run.traceId, turn), end: endedAt } } : {}),
    ending: summary ? undefined : await finalEnding(ctx, payload),
    settle: reservation.hold ? settlement(reservation.hold, result) : undefined,
  }).catch(async (error) => {
    await releaseHold(ctx, reservation.hold);
    throw error;
  });
  budget.modelCalled(payload.usage, payload.costUsd);
  state.apply(step);
  if (messages) await ctx.inbox.markDelivered(messages, seq);
  observeStep(config, "model", stepStarted, result.workMs, commitMs);
  return !summary && isFinal(payload) ? ENDED : CONTINUE;
}

/** The answer with what its span says beyond it: the request's attributes, a router's or fallback's answer. */
function withTraceAttributes(
  ctx: RunContext,
  request: ModelCallRequest,
  answer: ModelStepPayload,
): ModelStepPayload {
  const { model, routerModel } = ctx.spanRef;
  const attributes = {
    ...(answer.model
      ? { [answer.model === routerModel ? "flightdeck.routed_from" : "flightdeck.fallback_from"]: model }
      : {}),
    ...request.spanAttributes,
  };
  const withContext = request.contextFacts ? { ...answer, context: request.contextFacts } : answer;
  return Object.keys(attributes).length > 0 ? { ...withContext, traceAttributes: attributes } : withContext;
}

/** The step's payload: the model's answer, with what the request adds to it. */
function payloadOf(request: ModelCallRequest, answer: ModelStepPayload): ModelStepPayload {
  if (request.summaryOf !== undefined)
    return { ...answer, toolCalls: [], summary: { turns: request.summaryOf } };
  if (request.workflowNode) return { ...answer, toolCalls: [], workflow: request.workflowNode.read(answer) };
  return request.operatorMessages ? { ...answer, operatorMessages: request.operatorMessages } : answer;
}

// A completion proposed beside other calls ends the run once they have run (at the loop's top).
// A workflow node's answer is never the run's: the workflow's end node gives that.
const isFinal = (payload: ModelStepPayload) =>
  !payload.workflow && payload.toolCalls.every((c) => c.toolName === COMPLETION_TOOL);

/** The run's ending when this answer is final: a plain answer, or a completion called alone. */
async function finalEnding(ctx: RunContext, payload: ModelStepPayload): Promise<RunEnding | undefined> {
  if (!isFinal(payload)) return undefined;
  const finish = payload.toolCalls.find((c) => c.toolName === COMPLETION_TOOL);
  const completion = finish ? parseCompletion(finish.input) : null;
  return ctx.ending(completion?.ok ? completion.answer : payload.text, completion);
}

type Reservation = { hold: LedgerHold | null };

/**
 * The call's worst case at the price of the model answering it, checked against the run's limits
 * and held on the tenant's ledger: in USD for a priced model, in tokens for an unpriced one.
 */
async function holdFor(
  ctx: RunContext,
  promptChars: number,
  model: AnsweringModel,
): Promise<Reservation | { ending: RunEnding }> {
  const worst = ctx.budget.beforeModelCall(promptChars, model);
  if ("ending" in worst) return worst;
  return holdTenantBudget(ctx.config.db, ctx.run.tenantId, worst);
}

/** A fallback the run's limits or the tenant's budget cannot cover: the call ends the run so. */
class FallbackRefused extends Error {
  constructor(readonly ending: RunEnding) {
    super(ending.error ?? "The fallback model cannot answer within the budget.");
  }
}

/**
 * The agent's fallback model, budgeted before it answers as the model it is: the call's hold is
 * given back and taken again at the fallback's price (in tokens when it has none), and a run with
 * a cost limit is refused an unpriced one.
 */
function budgetedFallback(ctx: RunContext, request: ModelCallRequest, reservation: Reservation) {
  const resolve = ctx.models.fallback;
  if (!resolve) return {};
  let prompt = request.prompt;
  const fallback = async (): Promise<ModelChoice> => {
    const choice = await resolve();
    // A summary's prompt is its own; a turn's history is fitted again into the fallback's window.
    if (request.summaryOf === undefined) prompt = promptFor(ctx, choice, request);
    const promptChars = Math.max(request.promptChars, JSON.stringify(prompt).length);
    const model = { name: choice.name, price: choice.price, role: "fallback" as const };
    const worst = ctx.budget.beforeModelCall(promptChars, model);
    if ("ending" in worst) throw new FallbackRefused(worst.ending);
    await releaseHold(ctx, reservation.hold);
    reservation.hold = null;
    const held = await holdTenantBudget(ctx.config.db, ctx.run.tenantId, worst);
    if ("ending" in held) throw new FallbackRefused(held.ending);
    reservation.hold = held.hold;
    return choice;
  };
  return { fallback, fallbackPrompt: () => prompt };
}

/** The model's answer, or how the run ends because there is none. */
async function askModel(
  ctx: RunContext,
  request: ModelCallRequest,
  reservation: Reservation,
): Promise<ModelCallResult | RunEnding> {
  try {
    return await callModel({
      runModel: ctx.run.model,
      primary: request.choice,
      ...budgetedFallback(ctx, request, reservation),
      prompt: request.prompt,
      tools: request.tools,
      signal: ctx.signal,
      timeoutMs: ctx.config.modelTimeoutMs,
      resilience: ctx.resilience,
    });
  } catch (error) {
    await releaseHold(ctx, reservation.hold);
    return error instanceof FallbackRefused ? error.ending : callFailed(ctx, error);
  }
}

/** How a run ends when its model call failed; a pause, shutdown or the deadline throws instead. */
export function callFailed(ctx: RunContext, error: unknown): RunEnding {
  const { run, signal } = ctx;
  // A pause aborted the call: its work is dropped and done again after the release.
  if (ctx.timeUp.aborted) throw new RunDeadlineError();
  throwIfHeld(signal);
  const killedBy = killedReason(signal);
  if (killedBy) return killedEnding(killedBy, `chat ${run.model}`);
  if (signal.aborted) throw error;
  return { status: "failed", stopReason: "model_failed", error: errorMessage(error) };
}

function settlement(reservation: LedgerHold, { payload }: ModelCallResult): StepCommit["settle"] {
  return {
    day: reservation.day,
    reservedUsd: reservation.usd,
    spentUsd: payload.costUsd ?? 0,
    reservedTokens: reservation.tokens,
    // Tokens count where no price does: an answer of a model without one spends them.
    spentTokens: payload.costUsd === null ? payload.usage.inputTokens + payload.usage.outputTokens : 0,
  };
}

async function releaseHold(ctx: RunContext, reservation: LedgerHold | null): Promise<void> {
  if (reservation) await releaseTenantSpend(ctx.sql, ctx.run.tenantId, reservation).catch(() => {});
}
