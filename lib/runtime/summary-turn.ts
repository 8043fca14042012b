import { MAX_OUTPUT_TOKENS } from "@/lib/budgets/estimate";
import { summaryPrompt } from "@/lib/context/summary-prompt";
import { tokenCounterFor } from "@/lib/context/token-counter";
import { parseModelName } from "@/lib/models/model-name";
import { callFailed, commitModelCall } from "./model-call";
import type { ModelChoice } from "./model-step";
import type { RunEnding } from "./persist-step";
import type { RunContext } from "./run-context";
import type { StepOutcome } from "./step-outcome";

/**
 * Summarises the run's first `throughTurns` turns (with the summary so far) as step `seq`: a model
 * call of its own, priced and budgeted like any, whose text the next prompts carry in place of
 * those turns. Committed, so a resumed run sends exactly the prompts it would have.
 */
export async function summaryTurn(
  ctx: RunContext,
  seq: number,
  stepStarted: number,
  throughTurns: number,
): Promise<StepOutcome> {
  const summarizer = await summaryModel(ctx);
  if ("ending" in summarizer) return summarizer.ending;
  const { choice } = summarizer;
  const prompt = summaryPrompt({
    prompt: ctx.state.prompt,
    previous: ctx.state.summary,
    throughTurns,
    window: choice.window,
    outputReserve: MAX_OUTPUT_TOKENS,
    counter: tokenCounterFor(parseModelName(choice.name).provider),
    stepOf: (id) => ctx.state.resultStep(id),
  });
  return commitModelCall(ctx, seq, stepStarted, {
    choice,
    prompt,
    promptChars: JSON.stringify(prompt).length,
    tools: [],
    spanAttributes: {
      "flightdeck.context.strategy": "summarize",
      "flightdeck.context.summary_of_turns": throughTurns,
    },
    summaryOf: throughTurns,
  });
}

/** The agent's router model summarises, being its cheaper one; without one, the run's model. */
async function summaryModel(ctx: RunContext): Promise<{ choice: ModelChoice } | { ending: RunEnding }> {
  const { router, primary } = ctx.models;
  if (!router) return { choice: primary };
  try {
    return { choice: await router() };
  } catch (error) {
    return { ending: callFailed(ctx, error) };
  }
}
