import type { LanguageModelUsage, Tool, ToolExecutionOptions } from "ai";
import type { GateRun } from "./client";
import type { GateDecision } from "./schemas";

/** The gate stopped the run (killed, or its budget is used up): the agent must not go on. */
export class GateStoppedError extends Error {
  constructor(readonly decision: GateDecision) {
    super(decision.message ?? `The run was stopped (${decision.decision}).`);
    this.name = "GateStoppedError";
  }
}

/** The gate refused the call: the model reads the message as the tool's error and may try otherwise. */
export class GateDeniedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GateDeniedError";
  }
}

type Evidence = Record<string, string | number | boolean | null>;

export type GatedOptions<OUTPUT> = {
  /** The evidence of the call's effect for its receipt; by default the output's flat fields. */
  receipt?: (output: OUTPUT) => Evidence;
  /** How long to wait for a person's decision on one call before giving up (default 30 minutes). */
  maxWaitSeconds?: number;
};

/**
 * Puts an AI SDK tool behind the gate: before each call Flightdeck decides (policy, approvals,
 * budgets, kill switch), the call is made only when allowed (with the arguments a person approved),
 * and its result and evidence are recorded as a receipt. A refusal reaches the model as the tool's
 * error; a stop aborts `run.signal` — pass it to generateText as `abortSignal`.
 */
export function gated<INPUT, OUTPUT>(
  run: GateRun & { readonly signal?: AbortSignal; stop?: (decision: GateDecision) => void },
  name: string,
  tool: Tool<INPUT, OUTPUT>,
  options: GatedOptions<OUTPUT> = {},
): Tool<INPUT, OUTPUT> {
  const execute = tool.execute;
  if (!execute) throw new Error(`${name} has no execute function: there is nothing to put behind the gate.`);
  return {
    ...tool,
    execute: async (input: INPUT, execution: ToolExecutionOptions<never>) => {
      const decision = await decided(
        run,
        name,
        input as Record<string, unknown>,
        execution.abortSignal,
        options,
      );
      const args = (decision.args ?? input) as INPUT;
      const callId = decision.call_id as string;
      let output: OUTPUT;
      try {
        output = (await execute(args, execution as never)) as OUTPUT;
      } catch (error) {
        await run.reportResult(callId, {
          status: "error",
          error: error instanceof Error ? error.message : String(error),
        });
        throw error;
      }
      await run.reportResult(callId, {
        status: "ok",
        output: output as unknown,
        receipt: (options.receipt ?? flatFields)(output),
      });
      return output;
    },
  } as Tool<INPUT, OUTPUT>;
}

/** Asks until the call is allowed, refused or the run stopped; waits out approvals and pauses. */
async function decided(
  run: Parameters<typeof gated>[0],
  name: string,
  args: Record<string, unknown>,
  signal: AbortSignal | undefined,
  options: GatedOptions<never>,
): Promise<GateDecision> {
  const giveUpAt = Date.now() + (options.maxWaitSeconds ?? 30 * 60) * 1000;
  let decision = await run.ask({ tool: name, args });
  // A call filed for a person is asked about again by its id (a pause may hold it once approved).
  let filed: string | undefined;
  for (;;) {
    signal?.throwIfAborted();
    if (decision.decision === "allow") return decision;
    if (decision.decision === "deny") throw new GateDeniedError(decision.message ?? `${name} was refused.`);
    if (decision.decision === "killed" || decision.decision === "budget_exhausted") {
      run.stop?.(decision);
      throw new GateStoppedError(decision);
    }
    if (Date.now() > giveUpAt)
      throw new GateDeniedError(`${name} was not decided in time: nothing was done.`);
    if (decision.decision === "pending" && decision.call_id) {
      filed = decision.call_id;
      decision = await run.callState(filed, 30);
    } else {
      await new Promise((resolve) => setTimeout(resolve, (decision.retry_after ?? 5) * 1000));
      decision = filed ? await run.callState(filed, 30) : await run.ask({ tool: name, args });
    }
  }
}

function flatFields(output: unknown): Evidence {
  if (!output || typeof output !== "object" || Array.isArray(output)) return {};
  const flat: Evidence = {};
  for (const [key, value] of Object.entries(output).slice(0, 50))
    if (value === null || ["string", "number", "boolean"].includes(typeof value))
      flat[key] = typeof value === "string" ? value.slice(0, 2_000) : (value as number | boolean | null);
  return flat;
}

/**
 * A gate run that stops the agent's loop when the gate says so (pass `signal` to generateText): when
 * a call answers killed or budget_exhausted, and — following the run's events — as soon as a kill
 * switch is engaged, without waiting for the next tool call.
 */
export function stoppable<R extends GateRun>(
  run: R,
  options: { follow?: boolean } = {},
): R & { signal: AbortSignal; stop: (d: GateDecision) => void } {
  const controller = new AbortController();
  const stop = (decision: GateDecision) => {
    if (!controller.signal.aborted) controller.abort(new GateStoppedError(decision));
  };
  if (options.follow ?? true)
    void (async () => {
      for await (const event of run.events(controller.signal))
        if (event.decision === "killed" || event.decision === "budget_exhausted")
          stop({ decision: event.decision, message: event.message });
    })().catch(() => {});
  return Object.assign(run, { signal: controller.signal, stop });
}

/**
 * Reports each step's model usage to the run, so its budgets and the cost dashboards see the spend:
 * pass as generateText's `onStepFinish`.
 */
export function reportUsage(run: GateRun) {
  return async (step: {
    model?: { provider: string; modelId: string };
    text?: string;
    usage: LanguageModelUsage;
  }): Promise<void> => {
    const usage = step.usage;
    await run.reportUsage({
      ...(step.model ? { model: modelName(step.model) } : {}),
      input_tokens: usage.inputTokens ?? 0,
      output_tokens: usage.outputTokens ?? 0,
      cached_input_tokens: usage.inputTokenDetails?.cacheReadTokens ?? 0,
      reasoning_tokens: usage.outputTokenDetails?.reasoningTokens ?? 0,
      ...(step.text ? { text: step.text } : {}),
    });
  };
}

const PRICED_PROVIDERS = new Set(["openai", "anthropic", "google"]);

/**
 * The price table's name of the model: "openai.chat" answers as openai, and a provider Flightdeck
 * does not know is an OpenAI-compatible one (its models are priced when an admin gives them a price).
 */
function modelName(model: { provider: string; modelId: string }): string {
  const provider = model.provider.split(".")[0] ?? model.provider;
  return `${PRICED_PROVIDERS.has(provider) ? provider : "compat"}:${model.modelId}`;
}
