import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from "@ai-sdk/provider";
import { COMPLETION_TOOL } from "@/lib/models/completion-tool-name";
import { decide } from "./decide";
import { completionClaims, finalAnswer } from "./final-answer";
import { streamOf, toStreamParts } from "./stream";
import { readTranscript } from "./transcript";
import { SIMULATOR_MODES, type SimulatorMode } from "./types";
import { estimateUsage } from "./usage";

/** `model` as stored on an agent, e.g. "sim:default" or "sim:looping:250". */
export const isSimulatorModel = (model: string): boolean => model.startsWith("sim:");

/** A deterministic LanguageModelV4 for demos, tests and offline use; `modelId` is what follows "sim:". */
export function createSimulatorModel(modelId: string): LanguageModelV4 {
  return new SimulatorModel(modelId);
}

export function parseSimulatorModelId(modelId: string): { mode: SimulatorMode; latencyMs: number } {
  const [mode, latency, ...rest] = modelId.split(":");
  if (!SIMULATOR_MODES.includes(mode as SimulatorMode) || rest.length > 0) {
    throw new Error(
      `Unknown simulator model "sim:${modelId}": valid modes are ${SIMULATOR_MODES.join(", ")}.`,
    );
  }
  const latencyMs = latency === undefined ? 0 : Number(latency);
  if (!/^\d+$/.test(latency ?? "0") || !Number.isSafeInteger(latencyMs)) {
    throw new Error(`Invalid simulator latency "${latency}" in "sim:${modelId}": use whole milliseconds.`);
  }
  return { mode: mode as SimulatorMode, latencyMs };
}

class SimulatorModel implements LanguageModelV4 {
  readonly specificationVersion = "v4" as const;
  readonly provider = "simulator";
  readonly supportedUrls = {};
  readonly modelId: string;
  private readonly mode: SimulatorMode;
  private readonly latencyMs: number;

  constructor(modelId: string) {
    const { mode, latencyMs } = parseSimulatorModelId(modelId);
    this.modelId = modelId;
    this.mode = mode;
    this.latencyMs = latencyMs;
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    await pause(this.latencyMs, options.abortSignal);
    const transcript = readTranscript(options);
    let decision = decide(transcript, this.mode);
    if (decision.kind === "call" && !mayCall(options, decision.call.toolName)) {
      decision = {
        kind: "final",
        notes: [`Stopping without further tool calls. Next I would have: ${decision.reason}`],
      };
    }
    const content: LanguageModelV4Content[] = [];
    let toolInput = "";
    if (decision.kind === "call") {
      toolInput = JSON.stringify(decision.call.input);
      content.push(
        { type: "text", text: decision.reason },
        {
          type: "tool-call",
          toolCallId: `call_${transcript.turn}_0`,
          toolName: decision.call.toolName,
          input: toolInput,
        },
      );
    } else if (transcript.toolNames.includes(COMPLETION_TOOL)) {
      // The typed completion: the answer and the effects it claims, each pointing at its call.
      const answer = finalAnswer(decision.notes, transcript.history);
      toolInput = JSON.stringify({ answer, claims: decision.claims ?? completionClaims(transcript.history) });
      content.push({
        type: "tool-call",
        toolCallId: `call_${transcript.turn}_finish`,
        toolName: COMPLETION_TOOL,
        input: toolInput,
      });
    } else {
      content.push({ type: "text", text: finalAnswer(decision.notes, transcript.history) });
    }
    const text = content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join("");
    return {
      content,
      finishReason:
        toolInput !== "" ? { unified: "tool-calls", raw: "tool_calls" } : { unified: "stop", raw: "stop" },
      usage: estimateUsage(options, { text, toolInput }),
      warnings: [],
      response: { id: `sim-${transcript.turn}`, modelId: this.modelId },
      providerMetadata: { simulator: { mode: this.mode, turn: transcript.turn } },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const result = await this.doGenerate(options);
    return { stream: streamOf(toStreamParts(result)) };
  }
}

/** Simulated network time; an abort rejects at once with the signal's reason, as a real fetch would. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Whether the call's tool choice lets the model call this tool (none: no tool; tool: that one only). */
function mayCall(options: LanguageModelV4CallOptions, toolName: string): boolean {
  const choice = options.toolChoice;
  if (choice?.type === "none") return false;
  return choice?.type !== "tool" || choice.toolName === toolName;
}
