import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseModelName } from "./model-name";
import { createSimulatorModel } from "./simulator";

type ProviderConfig = Partial<
  Pick<
    Env,
    | "OPENAI_API_KEY"
    | "OPENAI_BASE_URL"
    | "ANTHROPIC_API_KEY"
    | "ANTHROPIC_BASE_URL"
    | "GOOGLE_GENERATIVE_AI_API_KEY"
    | "GOOGLE_GENERATIVE_AI_BASE_URL"
    | "OPENAI_COMPATIBLE_BASE_URL"
    | "OPENAI_COMPATIBLE_API_KEY"
  >
>;

const missing = (variable: string, model: string) =>
  new AppError("invalid_input", `${model} needs ${variable}: set it in Flightdeck's environment.`, {
    field: "model",
  });

/** Turns `provider:model` into an AI SDK language model, configured from the environment. */
export function resolveModel(name: string, config: ProviderConfig): LanguageModelV4 {
  const { provider, id, full } = parseModelName(name);
  switch (provider) {
    case "sim":
      return createSimulatorModel(id);
    case "openai":
      if (!config.OPENAI_API_KEY) throw missing("OPENAI_API_KEY", full);
      return createOpenAI({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL })(id);
    case "anthropic":
      if (!config.ANTHROPIC_API_KEY) throw missing("ANTHROPIC_API_KEY", full);
      return createAnthropic({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL })(id);
    case "google":
      if (!config.GOOGLE_GENERATIVE_AI_API_KEY) throw missing("GOOGLE_GENERATIVE_AI_API_KEY", full);
      return createGoogleGenerativeAI({
        apiKey: config.GOOGLE_GENERATIVE_AI_API_KEY,
        baseURL: config.GOOGLE_GENERATIVE_AI_BASE_URL,
      })(id);
    case "compat":
      if (!config.OPENAI_COMPATIBLE_BASE_URL) throw missing("OPENAI_COMPATIBLE_BASE_URL", full);
      return createOpenAICompatible({
        name: "compat",
        baseURL: config.OPENAI_COMPATIBLE_BASE_URL,
        apiKey: config.OPENAI_COMPATIBLE_API_KEY,
        includeUsage: true,
      })(id);
  }
}
