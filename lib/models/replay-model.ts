import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4Content } from "@ai-sdk/provider";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type ModelStepPayload, runSteps } from "@/db/schema";
import { COMPLETION_TOOL } from "./completion-tool-name";

const zeroUsage = {
  inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 0, text: 0, reasoning: 0 },
};

/**
 * A model that answers with another run's recorded model steps, one per turn: a promoted dry run
 * makes the same tool calls live, in the same order, at no cost. Its closing answer is the live
 * model's (`live`), written from the real results — the recorded one described previews ("Dry run,
 * not done") — and allowed no tool but the typed completion, so the run does nothing the dry run
 * did not show.
 */
export function replayModel(
  db: Db,
  sourceRunId: string,
  modelId: string,
  live?: LanguageModelV4,
): LanguageModelV4 {
  let recorded: Promise<ModelStepPayload[]> | undefined;
  const load = () =>
    db
      .select({ payload: runSteps.payload })
      .from(runSteps)
      .where(and(eq(runSteps.runId, sourceRunId), eq(runSteps.kind, "model")))
      .orderBy(asc(runSteps.seq))
      // A summary (context strategy `summarize`) answered no turn: a replay is sent the whole history.
      .then((rows) => rows.map((r) => r.payload as ModelStepPayload).filter((p) => !p.summary));
  return {
    specificationVersion: "v4",
    provider: "replay",
    modelId,
    supportedUrls: {},
    async doGenerate(options) {
      recorded ??= load();
      const steps = await recorded;
      const turn = options.prompt.filter((m) => m.role === "assistant").length;
      const step = steps[turn];
      const closing = !step || step.toolCalls.every((call) => call.toolName === COMPLETION_TOOL);
      if (live && closing) return live.doGenerate(closingTurn(options));
      if (!step) throw new Error(`The dry run ${sourceRunId} has no model step ${turn + 1} to replay.`);
      const content: LanguageModelV4Content[] = [];
      if (step.text) content.push({ type: "text", text: step.text });
      for (const call of step.toolCalls)
        content.push({
          type: "tool-call",
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          input: JSON.stringify(call.input),
        });
      return {
        content,
        finishReason:
          step.toolCalls.length > 0
            ? { unified: "tool-calls", raw: "replay" }
            : { unified: "stop", raw: "replay" },
        usage: zeroUsage,
        warnings: [],
      };
    },
    async doStream() {
      throw new Error("The replay model answers whole steps only.");
    },
  } as LanguageModelV4;
}

/** The closing turn's options: no tool to call but the completion, when the run ends with one. */
function closingTurn(options: LanguageModelV4CallOptions): LanguageModelV4CallOptions {
  const completion = options.tools?.filter((tool) => tool.name === COMPLETION_TOOL) ?? [];
  if (completion.length === 0) return { ...options, tools: undefined, toolChoice: { type: "none" } };
  return { ...options, tools: completion, toolChoice: { type: "tool", toolName: COMPLETION_TOOL } };
}
