import type { LanguageModelV4FunctionTool, LanguageModelV4Prompt } from "@ai-sdk/provider";
import type { ContextFacts } from "@/db/schema";
import { MAX_OUTPUT_TOKENS } from "@/lib/budgets/estimate";
import { type ContextReport, fitContext } from "@/lib/context/fit-context";
import { type TokenCounter, tokenCounterFor } from "@/lib/context/token-counter";
import { parseModelName } from "@/lib/models/model-name";
import { ModelCallError } from "@/lib/resilience/model-errors";
import type { ModelChoice } from "./model-step";
import type { RunEnding } from "./persist-step";
import type { RunContext } from "./run-context";

/** What one model call is sent: the run's prompt fitted into the model's window, and how. */
export type SentContext = {
  prompt: LanguageModelV4Prompt;
  /** Characters of the prompt sent, as JSON: the budget's estimate of the call. */
  promptChars: number;
  /** Null when the model's window is unknown: the whole history is sent. */
  report: ContextReport | null;
};

// The tools' schemas go with every call of a run: counted once per run and tokenizer.
const toolTokens = new WeakMap<LanguageModelV4FunctionTool[], Map<TokenCounter, number>>();

function schemaTokens(tools: LanguageModelV4FunctionTool[], counter: TokenCounter): number {
  const known = toolTokens.get(tools) ?? new Map<TokenCounter, number>();
  let tokens = known.get(counter);
  if (tokens === undefined) {
    tokens = counter.text(JSON.stringify(tools));
    known.set(counter, tokens);
    toolTokens.set(tools, known);
  }
  return tokens;
}

/**
 * The prompt for the model that answers this turn, within its context window with room for its
 * answer. The run's state keeps every message whole; only what is sent is cut.
 */
export function contextFor(ctx: RunContext, choice: ModelChoice): SentContext | { ending: RunEnding } {
  const { state } = ctx;
  if (choice.window === null) return { prompt: state.prompt, promptChars: state.promptChars, report: null };
  const counter = tokenCounterFor(parseModelName(choice.name).provider);
  const { prompt, report } = fitContext({
    prompt: state.prompt,
    toolsTokens: schemaTokens(ctx.tools, counter),
    window: choice.window,
    outputReserve: MAX_OUTPUT_TOKENS,
    counter,
    strategy: ctx.contextStrategy,
    stepOf: (id) => state.resultStep(id),
    summary: state.summary,
  });
  if (report.overflow) {
    const n = (v: number) => v.toLocaleString("en-US");
    return {
      ending: {
        status: "failed",
        stopReason: "invalid_input",
        error: `${choice.name}'s context window of ${n(report.window)} tokens cannot hold the agent's instructions, the goal, the tool schemas and the latest turn (${n(report.sentTokens)} tokens, ${report.countedBy === "tokenizer" ? "counted" : "estimated"}) beside ${n(MAX_OUTPUT_TOKENS)} tokens for its answer: shorten the instructions or the goal, or use a model with a larger window.`,
      },
    };
  }
  const promptChars = prompt === state.prompt ? state.promptChars : JSON.stringify(prompt).length;
  return { prompt, promptChars, report };
}

/** The model span's account of the context: what was sent, and what was cut and why. */
export function contextFacts(context: SentContext, strategy: string): ContextFacts | undefined {
  const { report } = context;
  if (!report) return undefined;
  const cut = report.clipped.length > 0 || report.droppedTurns > 0 || !!report.summarizedTurns;
  return {
    window: report.window,
    sentTokens: report.sentTokens,
    countedBy: report.countedBy,
    ...(cut
      ? {
          cut: {
            strategy,
            reserved: report.reserved,
            fullTokens: report.fullTokens,
            neededTokens: report.fullTokens - report.reserved + MAX_OUTPUT_TOKENS,
            clipped: report.clipped.length,
            clippedSteps: report.clipped.slice(0, 40).map((c) => c.step ?? "?"),
            droppedTurns: report.droppedTurns,
            ...(report.summarizedTurns ? { summarizedTurns: report.summarizedTurns } : {}),
          },
        }
      : {}),
  };
}

/**
 * The turn's prompt for another model than the one it was fitted for (the fallback, while the run
 * model's circuit is open): the history fitted into that model's window, with the operators'
 * messages the turn carries. A window too small for even the latest turn fails the call.
 */
export function promptFor(
  ctx: RunContext,
  choice: ModelChoice,
  turn: { prompt: LanguageModelV4Prompt; operatorMessages?: unknown[] },
): LanguageModelV4Prompt {
  const context = contextFor(ctx, choice);
  if ("ending" in context)
    throw new ModelCallError(context.ending.error ?? `${choice.name}'s window is too small.`);
  // The operators' messages are one message appended after the history (modelTurn).
  return turn.operatorMessages?.length ? [...context.prompt, ...turn.prompt.slice(-1)] : context.prompt;
}
