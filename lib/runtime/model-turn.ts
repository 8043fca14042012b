import { callFailed, commitModelCall } from "./model-call";
import type { ModelChoice } from "./model-step";
import { operatorPrompt } from "./operator-inbox";
import type { RunEnding } from "./persist-step";
import type { RunContext } from "./run-context";
import type { StepOutcome } from "./step-outcome";
import { summaryTurn } from "./summary-turn";
import { contextFacts, contextFor } from "./turn-context";

/**
 * The next model turn, committed as step `seq`: the answering model is sent the run's history
 * fitted into its window. Under the `summarize` strategy, a history that no longer fits is first
 * summarised, as a step of its own (the turn is taken at the loop's next pass).
 */
export async function modelTurn(ctx: RunContext, seq: number, stepStarted: number): Promise<StepOutcome> {
  const chosen = await chooseModel(ctx);
  if ("ending" in chosen) return chosen.ending;
  const context = contextFor(ctx, chosen.choice);
  if ("ending" in context) return context.ending;
  const summarize = context.report?.summarize;
  if (summarize) return summaryTurn(ctx, seq, stepStarted, summarize.throughTurns);
  // Read now, between turns: an operator's message never lands between a call and its result.
  const messages = await ctx.inbox.take();
  const read = messages.length > 0 ? operatorPrompt(messages) : null;
  return commitModelCall(ctx, seq, stepStarted, {
    choice: chosen.choice,
    prompt: read ? [...context.prompt, read] : context.prompt,
    promptChars: context.promptChars + (read ? JSON.stringify(read).length : 0),
    tools: ctx.tools,
    contextFacts: contextFacts(context, ctx.contextStrategy),
    ...(read ? { operatorMessages: messages } : {}),
  });
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
