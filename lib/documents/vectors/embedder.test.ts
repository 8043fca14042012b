import { describe, expect, it } from "vitest";
import { embedderFromEnv } from "./embedder";

describe("embedderFromEnv", () => {
  it("names an OpenAI or OpenAI-compatible embedding model, and nothing without its configuration", () => {
    expect(
      embedderFromEnv({ FLIGHTDECK_EMBEDDING_MODEL: undefined, OPENAI_API_KEY: "k" } as never),
    ).toBeNull();
    const openai = embedderFromEnv({
      FLIGHTDECK_EMBEDDING_MODEL: "openai:text-embedding-3-small",
      OPENAI_API_KEY: "k",
    } as never);
    expect(openai?.name).toBe("openai:text-embedding-3-small");
    expect(typeof openai?.model === "object" && openai.model.modelId).toBe("text-embedding-3-small");
    expect(
      embedderFromEnv({ FLIGHTDECK_EMBEDDING_MODEL: "openai:text-embedding-3-small" } as never),
    ).toBeNull();
    const local = embedderFromEnv({
      FLIGHTDECK_EMBEDDING_MODEL: "compat:nomic-embed-text",
      OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:11434/v1",
    } as never);
    expect(local?.name).toBe("compat:nomic-embed-text");
    expect(
      embedderFromEnv({ FLIGHTDECK_EMBEDDING_MODEL: "anthropic:none", OPENAI_API_KEY: "k" } as never),
    ).toBeNull();
  });
});
