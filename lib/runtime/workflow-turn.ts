import type { LanguageModelV4FunctionTool } from "@ai-sdk/provider";
import { asSchema } from "ai";
import type { ModelStepPayload, StopReason, WorkflowMark } from "@/db/schema";
import { OUTPUT_TOOL } from "@/lib/workflows/engine-tools";
import { workflowNamed } from "@/lib/workflows/registry";
import { type WalkAction, walk } from "@/lib/workflows/walk";
import { observeStep } from "./engine-config";
import { commitModelCall } from "./model-call";
import { commitStep, type RunEnding } from "./persist-step";
import type { RunContext } from "./run-context";
import { WORKFLOW_CALL_PREFIX } from "./run-state";
import { CONTINUE, ENDED, type StepOutcome } from "./step-outcome";
import { nodeSpan } from "./workflow-spans";

/**
 * A workflow run's next step, in place of a model turn: the graph is walked over the committed
 * steps and the next node commits one step. A function's output or the end's answer is the step;
 * a model node is a model call with structured output; a node that calls tools commits its calls
 * as proposals, which the engine's tool turns then run under policy, approvals and receipts.
 */
export async function workflowTurn(ctx: RunContext, seq: number, stepStarted: number): Promise<StepOutcome> {
  const name = ctx.agent.workflow as string;
  const definition = workflowNamed(name);
  if (!definition)
    return { status: "failed", stopReason: "invalid_input", error: `No workflow is named "${name}".` };
  const { action } = walk(definition, ctx.run.input, ctx.state.workflowSteps);
  switch (action.type) {
    case "function":
      return commitNode(ctx, seq, stepStarted, {
        mark: { node: action.node, output: action.output },
        text: JSON.stringify(action.output),
      });
    case "calls":
      return commitNode(ctx, seq, stepStarted, {
        mark: { node: action.node },
        text: `Workflow node ${action.node}.`,
        calls: action.calls.map((c, i) => ({ toolCallId: `${WORKFLOW_CALL_PREFIX}${seq}_${i}`, ...c })),
      });
    case "end":
      return commitNode(ctx, seq, stepStarted, {
        mark: { node: action.node, output: action.answer, end: true },
        text: action.answer,
      });
    case "model":
      return modelNode(ctx, seq, stepStarted, action);
    case "wait":
    case "next":
      return stopped("internal_error", `Node "${action.node}" waits for a call the engine does not hold.`);
    case "stop":
      return stopped(action.stopReason, action.error);
  }
}

// Refusals by policy or a person, and a node that did nothing, stop the run; anything else fails it.
const STOPPED: StopReason[] = ["policy_denied", "approval_rejected", "no_progress"];
const stopped = (stopReason: StopReason, error: string): RunEnding => ({
  status: STOPPED.includes(stopReason) ? "stopped" : "failed",
  stopReason,
  error,
});

type NodeStep = {
  mark: WorkflowMark;
  text: string;
  calls?: { toolCallId: string; toolName: string; input: unknown }[];
};

/** Commits a node's step that needs no model: a function's output, an end's answer, or calls to make. */
async function commitNode(
  ctx: RunContext,
  seq: number,
  stepStarted: number,
  { mark, text, calls = [] }: NodeStep,
): Promise<StepOutcome> {
  const { state } = ctx;
  const at = new Date();
  const payload: ModelStepPayload = {
    text,
    toolCalls: calls,
    finishReason: "workflow",
    usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 },
    costUsd: 0,
    workflow: mark,
  };
  const turn = state.turn + 1;
  const step = { seq, turn, kind: "model" as const, payload, costUsd: 0, startedAt: at, endedAt: at };
  // A node that calls no tool is its own step: its span links to it.
  const node = { ...nodeSpan(ctx.spanRef, turn, mark.node, at, at), ...(calls.length === 0 ? { seq } : {}) };
  const commitMs = await commitStep(ctx.sql, {
    run: ctx.ref,
    step,
    totals: {},
    newSpans: [node],
    ending: mark.end ? await ctx.ending(text, null) : undefined,
  });
  state.apply(step);
  observeStep(ctx.config, "model", stepStarted, 0, commitMs);
  return mark.end ? ENDED : CONTINUE;
}

/** A model node: one call whose answer comes back through the output tool, checked against the node's schema. */
async function modelNode(
  ctx: RunContext,
  seq: number,
  stepStarted: number,
  action: Extract<WalkAction, { type: "model" }>,
): Promise<StepOutcome> {
  const tool: LanguageModelV4FunctionTool = {
    type: "function",
    name: OUTPUT_TOOL,
    description: "Record your answer: its fields are the output this step needs.",
    inputSchema: await asSchema(action.schema).jsonSchema,
  };
  const prompt = [
    { role: "system" as const, content: action.instructions },
    { role: "user" as const, content: [{ type: "text" as const, text: action.prompt }] },
  ];
  return commitModelCall(ctx, seq, stepStarted, {
    choice: ctx.models.primary,
    prompt,
    promptChars: JSON.stringify(prompt).length + JSON.stringify(tool).length,
    tools: [tool],
    spanAttributes: { "flightdeck.workflow.node": action.node },
    workflowNode: { node: action.node, read: (answer) => readOutput(action, answer) },
  });
}

/** The node's output from the model's answer, or why it has none (the walk then stops the run). */
function readOutput(action: Extract<WalkAction, { type: "model" }>, answer: ModelStepPayload): WorkflowMark {
  const call = answer.toolCalls.find((c) => c.toolName === OUTPUT_TOOL);
  if (!call)
    return {
      node: action.node,
      error: "the model answered in prose without recording the structured output.",
    };
  const parsed = action.schema.safeParse(call.input);
  // The answer that did not fit is kept as the node's output: what the model said is evidence too.
  if (!parsed.success)
    return {
      node: action.node,
      output: call.input,
      error: `the model's output does not match the node's schema: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    };
  return { node: action.node, output: parsed.data };
}
