import type { LanguageModelV4FunctionTool } from "@ai-sdk/provider";
import { asc, eq } from "drizzle-orm";
import type postgres from "postgres";
import { type AgentSnapshot, type ContextStrategy, type Run, type RunStep, runSteps } from "@/db/schema";
import { contextWindowOf, priceAt } from "@/lib/models/pricing";
import { replayModel } from "@/lib/models/replay-model";
import { systemPromptOf } from "@/lib/playbooks/system-prompt";
import { DEFAULT_RESILIENCE, type ResilienceSettings } from "@/lib/resilience/settings";
import { agentSnapshotOf, contextStrategyOf } from "./agent-snapshots";
import type { Completion } from "./completion";
import type { EngineConfig } from "./engine-config";
import { finalEnding } from "./final-ending";
import { fittedModel } from "./fitted-model";
import type { RunGuard } from "./kill-guard";
import { NO_PROGRESS_LIMIT } from "./loop-guard";
import type { ModelChoice } from "./model-step";
import { modelTools } from "./model-tools";
import { OperatorInbox } from "./operator-inbox";
import { checkInterruptedToolCall, parkForReconcile } from "./parking";
import { type RunEnding, runRef, type StepCommit } from "./persist-step";
import { RecordedCalls } from "./recorded-calls";
import { delegatedUsage, RunBudget } from "./run-budget";
import { RunState } from "./run-state";
import { errorMessage, type StepOutcome } from "./step-outcome";

/** Everything a run's steps share, built once when the run is taken up: no step rebuilds any of it. */
export type RunContext = {
  config: EngineConfig;
  sql: postgres.Sql;
  run: Run;
  /** The settings the run started with. */
  agent: AgentSnapshot;
  /** How the run's history is fitted into its model's window. */
  contextStrategy: ContextStrategy;
  state: RunState;
  guard: RunGuard;
  ref: StepCommit["run"];
  spanRef: StepCommit["run"] & { agentName: string; model: string; routerModel?: string };
  tools: LanguageModelV4FunctionTool[];
  budget: RunBudget;
  resilience: ResilienceSettings;
  /** When the run's time is up, in epoch milliseconds. */
  deadline: number;
  /** Aborts when the deadline passes. */
  timeUp: AbortSignal;
  /** For model calls: a kill, a hold, a shutdown or the deadline. */
  signal: AbortSignal;
  /** For tool calls: as `signal`, except a hold, which lets the call settle. */
  toolSignal: AbortSignal;
  models: RunModels;
  /** Operators' messages waiting for the run's next model turn. */
  inbox: OperatorInbox;
  /** A recorded replay's answers to tool calls: set, the engine executes no tool. */
  recorded?: RecordedCalls;
  /** The run's ending from its final answer, checked against what its steps prove. */
  ending: (answer: string, completion: Completion | null) => Promise<RunEnding>;
};

type RunModels = {
  primary: ModelChoice;
  fallback?: () => Promise<ModelChoice>;
  router?: () => Promise<ModelChoice>;
};

/**
 * Rebuilds a leased run from its committed steps. A run already answered, or resumed on a call
 * whose outcome nobody knows, ends or parks here without a step.
 */
export async function openRun(
  config: EngineConfig,
  run: Run,
  guard: RunGuard,
): Promise<{ context: RunContext } | { outcome: StepOutcome }> {
  const { db } = config;
  const agent = await agentSnapshotOf(db, run.tenantId, run.agentSnapshotHash);
  // A run that has not committed a step yet has none to read.
  const steps: RunStep[] =
    run.lastSeq === 0
      ? []
      : await db.select().from(runSteps).where(eq(runSteps.runId, run.id)).orderBy(asc(runSteps.seq));
  const state = RunState.fromSteps(systemPromptOf(agent), run.input, steps);
  const ending = (answer: string, completion: Completion | null) =>
    finalEnding(db, run, { answer, completion, state, requiredEvidence: agent.requiredEvidence });
  if (state.finalText !== null) return { outcome: await ending(state.finalText, state.completion) };
  if (checkInterruptedToolCall(run, state) === "reconcile")
    return { outcome: await parkForReconcile(config, run, state) };
  const models = await runModels(config, run, agent);
  if ("outcome" in models) return models;
  const tools = await modelTools(agent.tools, run.tenantId);
  const contextStrategy = await contextStrategyOf(db, run, agent);
  // Time spent waiting for a person is not the run's own time.
  const deadline = (run.startedAt ?? new Date()).getTime() + agent.maxSeconds * 1000 + run.approvalWaitMs;
  // The deadline bounds every call and retry wait inside the run, not only the steps between them.
  const timeUp = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
  const ref = runRef(run);
  const context: RunContext = {
    config,
    sql: db.$client,
    run,
    agent,
    contextStrategy,
    state,
    guard,
    ref,
    spanRef: { ...ref, agentName: run.agentName, model: run.model, routerModel: agent.routerModel },
    tools,
    budget: new RunBudget(
      run,
      agent,
      models.primary.price,
      JSON.stringify(tools).length,
      delegatedUsage(steps),
    ),
    resilience: config.resilience ?? DEFAULT_RESILIENCE,
    deadline,
    timeUp,
    signal: AbortSignal.any([guard.signal, timeUp]),
    toolSignal: AbortSignal.any([guard.toolSignal, timeUp]),
    models,
    ending,
    inbox: new OperatorInbox(db, run.id, state.deliveredMessages),
    recorded:
      run.replay?.mode === "recorded" && run.replayOf
        ? await RecordedCalls.load(db, run.replayOf, steps)
        : undefined,
  };
  return { context };
}

/** The run's model, priced; the fallback and router resolved and priced only once needed. */
async function runModels(
  config: EngineConfig,
  run: Run,
  agent: AgentSnapshot,
): Promise<RunModels | { outcome: RunEnding }> {
  const { db } = config;
  let live: ReturnType<EngineConfig["resolveModel"]>;
  try {
    live = config.resolveModel(run.model);
  } catch (error) {
    return { outcome: { status: "failed", stopReason: "invalid_input", error: errorMessage(error) } };
  }
  const priced = (name: string) => priceAt(db, name, run.startedAt ?? new Date(), run.tenantId);
  const choice = async (name: string, resolved: ModelChoice["model"]): Promise<ModelChoice> => {
    const price = await priced(name);
    return { name, model: resolved, price, window: contextWindowOf(name, price) };
  };
  const primary = await choice(run.model, live);
  if (run.promotedFrom) {
    // A replay calls no provider and counts the turns of the whole prompt: it is sent everything,
    // and fits the closing turn it hands to the live model into that model's window itself.
    const closing = fittedModel(live, run.model, primary.window);
    primary.model = replayModel(db, run.promotedFrom, run.model, closing);
    primary.window = null;
  }
  const lazyChoice = (name: string) => async () => choice(name, config.resolveModel(name));
  // Resolved and priced only when the primary's breaker opens: the happy path makes no extra query.
  const fallback = agent.fallbackModel ? lazyChoice(agent.fallbackModel) : undefined;
  // A replay answers from the recorded run's steps: the router never stands in for them.
  const routerName = run.promotedFrom || agent.routerModel === run.model ? undefined : agent.routerModel;
  let routerChoice: Promise<ModelChoice> | undefined;
  // Resolved and priced on the first simple turn, then kept for the run's other simple turns.
  const router = routerName ? () => (routerChoice ??= lazyChoice(routerName)()) : undefined;
  return { primary, fallback, router };
}

/** A limit the run reached before its next step, or a kill switch over it (a hold throws). */
export function limitReached({ agent, state, deadline, guard }: RunContext): RunEnding | null {
  if (Date.now() > deadline) return { status: "stopped", stopReason: "budget_time" };
  if (state.seq >= agent.maxSteps) return { status: "stopped", stopReason: "budget_steps" };
  if (state.loops.stalled()) {
    return {
      status: "stopped",
      stopReason: "loop_detected",
      error: `The last ${NO_PROGRESS_LIMIT} tool results brought nothing new: stopped as a loop.`,
    };
  }
  return guard.check();
}
