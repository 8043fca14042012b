import type { LanguageModelV4, LanguageModelV4Content } from "@ai-sdk/provider";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type ModelStepPayload, runSteps } from "@/db/schema";

const zeroUsage = {
  inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 0, text: 0, reasoning: 0 },
};

/**
 * A model that answers with another run's recorded model steps, one per turn: a promoted dry run
 * makes the same tool calls live, in the same order, and ends with the same answer. It calls no
 * provider, so it costs nothing.
 */
export function replayModel(db: Db, sourceRunId: string, modelId: string): LanguageModelV4 {
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
