import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { EmbeddingModel } from "ai";
import type { Env } from "@/lib/env";

/** An embedding model and the name its vectors are stored under (vectors of two models never mix). */
export type Embedder = { name: string; model: EmbeddingModel };

type EmbedderConfig = Pick<
  Env,
  | "FLIGHTDECK_EMBEDDING_MODEL"
  | "OPENAI_API_KEY"
  | "OPENAI_BASE_URL"
  | "OPENAI_COMPATIBLE_BASE_URL"
  | "OPENAI_COMPATIBLE_API_KEY"
>;

/**
 * The embedding model FLIGHTDECK_EMBEDDING_MODEL names (`openai:<id>` or `compat:<id>`, the latter
 * for a local OpenAI-compatible server), or null: none set, or its provider not configured.
 */
export function embedderFromEnv(config: EmbedderConfig): Embedder | null {
  const name = config.FLIGHTDECK_EMBEDDING_MODEL;
  if (!name) return null;
  const [provider, ...rest] = name.split(":");
  const id = rest.join(":");
  if (provider === "openai" && config.OPENAI_API_KEY && id)
    return {
      name,
      model: createOpenAI({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL }).embeddingModel(
        id,
      ),
    };
  if (provider === "compat" && config.OPENAI_COMPATIBLE_BASE_URL && id)
    return {
      name,
      model: createOpenAICompatible({
        name: "compat",
        baseURL: config.OPENAI_COMPATIBLE_BASE_URL,
        apiKey: config.OPENAI_COMPATIBLE_API_KEY,
      }).embeddingModel(id),
    };
  return null;
}
