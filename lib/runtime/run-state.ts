import type { LanguageModelV4Message, LanguageModelV4Prompt } from "@ai-sdk/provider";
import type {
  ModelStepPayload,
  OperatorMessage,
  ProposedToolCall,
  RunStep,
  ToolStepPayload,
} from "@/db/schema";

import type { HistorySummary } from "@/lib/context/fit-context";
import type { Evidence } from "@/lib/tools/provenance";
import { type Claimable, COMPLETION_TOOL, type Completion, parseCompletion } from "./completion";
import { LoopGuard } from "./loop-guard";
import { TurnRouting } from "./model-routing";
import { operatorPrompt } from "./operator-inbox";
import { isSecurityAttempt } from "./security-attempts";

/** The ids of a workflow node's tool calls start so: their results join the node (lib/workflows). */
export const WORKFLOW_CALL_PREFIX = "wf_";

type AssistantContent = Extract<LanguageModelV4Message, { role: "assistant" }>["content"];

/**
 * What the engine knows about a run, rebuilt from its committed steps: the whole prompt (appended
 * to as steps commit, never rebuilt; each call is sent it fitted to its model's window, see
 * turn-context.ts), the turn, and which proposed tool calls still wait for a result.
 */
export class RunState {
  readonly prompt: LanguageModelV4Prompt;
  seq = 0;
  turn = 0;
  finalText: string | null = null;
  /** Length of the prompt as JSON, kept as messages are appended: the budget's token estimate. */
  promptChars = 0;
  /** Identical tool calls so far, for the loop guard. */
  readonly loops = new LoopGuard();
  /** The goal and successful tool results so far: where policy traces argument provenance from. */
  readonly evidence: Evidence;
  /** Tools whose calls in this run left a receipt: the evidence a final answer is checked against. */
  readonly receiptTools = new Set<string>();
  /** Calls of this run that left a receipt, by tool call id: what a completion's claims point at. */
  readonly claimable = new Map<string, Claimable>();
  /** The latest summary of the run's first turns (the `summarize` context strategy), if any. */
  summary: HistorySummary | null = null;
  /** The model's typed completion, once it called finish_run; the run ends when its other calls have. */
  completion: Completion | null = null;
  /** Calls the envelope refused as out of bounds in this run (see isSecurityAttempt). */
  securityAttempts = 0;
  /** Operator messages some committed step carried to the model: never handed over again. */
  readonly deliveredMessages = new Set<string>();
  /** The model's text beside its latest tool calls: its stated reason, shown to approvers. */
  lastModelText = "";
  /** A workflow run's node steps and their calls' results: what its graph is walked over (lib/workflows). */
  readonly workflowSteps: Pick<RunStep, "seq" | "kind" | "payload">[] = [];
  /** Whether the next turn is simple enough for the agent's router model (see model-routing.ts). */
  private readonly routing = new TurnRouting();
  private pending: ProposedToolCall[] = [];
  /** The step that stores each tool call's whole result: where a clipped result points. */
  private readonly resultSteps = new Map<string, number>();

  constructor(instructions: string, input: string) {
    this.evidence = { goal: input, results: [] };
    this.prompt = [
      { role: "system", content: instructions },
      { role: "user", content: [{ type: "text", text: input }] },
    ];
    this.promptChars = JSON.stringify(this.prompt).length;
  }

  static fromSteps(instructions: string, input: string, steps: RunStep[]): RunState {
    const state = new RunState(instructions, input);
    for (const step of steps) state.apply(step);
    return state;
  }

  apply(step: Pick<RunStep, "seq" | "turn" | "kind" | "payload">): void {
    this.seq = step.seq;
    this.turn = step.turn;
    if (step.kind === "model") {
      const payload = step.payload as ModelStepPayload;
      // A summary stands in for turns when prompts are fitted; it proposes nothing and ends nothing.
      if (payload.summary) {
        this.summary = { text: payload.text, turns: payload.summary.turns };
        return;
      }
      if (payload.workflow) this.workflowSteps.push(step);
      if (payload.operatorMessages) this.readMessages(payload.operatorMessages);
      const finish = payload.toolCalls.find((call) => call.toolName === COMPLETION_TOOL);
      this.pending = payload.toolCalls.filter((call) => call.toolName !== COMPLETION_TOOL);
      this.routing.turnProposed(this.pending.length);
      this.completion = finish ? parseCompletion(finish.input) : null;
      // A workflow node's step answers nothing, unless it is the workflow's end.
      const answers = !payload.workflow || payload.workflow.end === true;
      this.finalText = payload.toolCalls.length === 0 && answers ? payload.text : null;
      this.lastModelText = payload.text ?? "";
      this.settleCompletion();
      const content: AssistantContent = [];
      if (payload.text) content.push({ type: "text", text: payload.text });
      for (const call of payload.toolCalls) {
        content.push({
          type: "tool-call",
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          input: call.input,
        });
      }
      this.push({ role: "assistant", content });
      return;
    }
    const payload = step.payload as ToolStepPayload;
    if (payload.toolCallId.startsWith(WORKFLOW_CALL_PREFIX)) this.workflowSteps.push(step);
    this.resultSteps.set(payload.toolCallId, step.seq);
    this.loops.record(payload.toolName, payload.args);
    this.loops.recordResult(payload.result);
    if (payload.status === "ok")
      this.evidence.results.push({ toolName: payload.toolName, value: payload.result });
    if (payload.status === "ok" && payload.receipt) {
      this.receiptTools.add(payload.toolName);
      this.claimable.set(payload.toolCallId, {
        toolName: payload.toolName,
        args: payload.args,
        result: payload.result,
      });
    }
    if (isSecurityAttempt(payload.status)) this.securityAttempts += 1;
    this.routing.callSettled(payload);
    this.pending = this.pending.filter((call) => call.toolCallId !== payload.toolCallId);
    this.settleCompletion();
    this.push({
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: payload.toolCallId,
          toolName: payload.toolName,
          output:
            payload.status === "ok"
              ? { type: "json", value: (payload.result ?? null) as never }
              : { type: "error-text", value: errorText(payload.result) },
        },
      ],
    });
  }

  /** The operator's messages, read just before the model call that carried them. */
  private readMessages(messages: OperatorMessage[]): void {
    for (const message of messages) {
      this.deliveredMessages.add(message.id);
      // Ids the operator names are theirs, as those of the goal: policy reads them as the operator's.
      this.evidence.goal += `\n${message.text}`;
    }
    this.push(operatorPrompt(messages));
  }

  /** A completion ends the run once the calls proposed beside it have their results. */
  private settleCompletion(): void {
    if (!this.completion || this.pending.length > 0) return;
    this.finalText = this.completion.ok ? this.completion.answer : this.lastModelText;
  }

  private push(message: LanguageModelV4Message): void {
    this.prompt.push(message);
    this.promptChars += JSON.stringify(message).length + 1;
  }

  /** The next model turn only reads on from successful reads: the router model may answer it. */
  get nextTurnIsSimple(): boolean {
    return this.routing.nextTurnIsSimple;
  }

  /** The step that stores the result of a tool call, if it has one. */
  resultStep(toolCallId: string): number | undefined {
    return this.resultSteps.get(toolCallId);
  }

  /** The next proposed tool call without a committed result, if any. */
  nextToolCall(): ProposedToolCall | undefined {
    return this.pending[0];
  }
}

function errorText(result: unknown): string {
  if (result && typeof result === "object" && "error" in result)
    return String((result as { error: unknown }).error);
  return typeof result === "string" ? result : JSON.stringify(result);
}
