import type { ModelMessage } from "ai";
import type { ModelStepPayload, ProposedToolCall, RunStep, ToolStepPayload } from "@/db/schema";

/**
 * What the engine knows about a run, rebuilt from its committed steps: the conversation to send
 * the model, the turn, and which proposed tool calls still wait for a result.
 */
export class RunState {
  readonly messages: ModelMessage[];
  seq = 0;
  turn = 0;
  finalText: string | null = null;
  private pending: ProposedToolCall[] = [];

  constructor(input: string) {
    this.messages = [{ role: "user", content: input }];
  }

  static fromSteps(input: string, steps: RunStep[]): RunState {
    const state = new RunState(input);
    for (const step of steps) state.apply(step);
    return state;
  }

  apply(step: Pick<RunStep, "seq" | "turn" | "kind" | "payload">): void {
    this.seq = step.seq;
    this.turn = step.turn;
    if (step.kind === "model") {
      const payload = step.payload as ModelStepPayload;
      this.pending = [...payload.toolCalls];
      this.finalText = payload.toolCalls.length === 0 ? payload.text : null;
      const content: Exclude<Extract<ModelMessage, { role: "assistant" }>["content"], string> = [];
      if (payload.text) content.push({ type: "text", text: payload.text });
      for (const call of payload.toolCalls) {
        content.push({
          type: "tool-call",
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          input: call.input,
        });
      }
      this.messages.push({ role: "assistant", content });
      return;
    }
    const payload = step.payload as ToolStepPayload;
    this.pending = this.pending.filter((call) => call.toolCallId !== payload.toolCallId);
    this.messages.push({
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
