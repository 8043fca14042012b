import type { LanguageModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { MAX_OUTPUT_TOKENS } from "@/lib/budgets/estimate";
import { fitContext } from "@/lib/context/fit-context";
import { tokenCounterFor } from "@/lib/context/token-counter";
import { parseModelName } from "@/lib/models/model-name";

/**
 * The model with every prompt fitted into its window before it is sent: for a promoted dry run's
 * closing answer, which its replay model hands to the live model with the whole history (the
 * replayed turns are counted on it). Older results are clipped and the middle left out, as by default.
 */
export function fittedModel(
  model: LanguageModelV4,
  modelName: string,
  window: number | null,
): LanguageModelV4 {
  if (window === null) return model;
  const counter = tokenCounterFor(parseModelName(modelName).provider);
  const fitted = (options: LanguageModelV4CallOptions): LanguageModelV4CallOptions => ({
    ...options,
    prompt: fitContext({
      prompt: options.prompt,
      toolsTokens: counter.text(JSON.stringify(options.tools ?? [])),
      window,
      outputReserve: MAX_OUTPUT_TOKENS,
      counter,
      strategy: "clip_and_drop_middle",
      // The pointer names no step: the replayed results are the dry run's, kept on its steps.
      stepOf: () => undefined,
    }).prompt,
  });
  return {
    specificationVersion: "v4",
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    doGenerate: (options) => model.doGenerate(fitted(options)),
    doStream: (options) => model.doStream(fitted(options)),
  };
}
