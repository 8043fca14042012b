import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { resolveModel } from "./resolve-model";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe("resolveModel: google", () => {
  it("builds a Gemini model when GOOGLE_GENERATIVE_AI_API_KEY is set", () => {
    const model = resolveModel("google:gemini-2.5-flash", { GOOGLE_GENERATIVE_AI_API_KEY: "test-key" });
    expect(model.specificationVersion).toBe("v4");
    expect(model.provider).toBe("google.generative-ai");
    expect(model.modelId).toBe("gemini-2.5-flash");
  });

  it("refuses google models without the key, naming the variable", () => {
    let error: unknown;
    try {
      resolveModel("google:gemini-2.5-flash", {
        OPENAI_API_KEY: "sk-test",
        ANTHROPIC_API_KEY: "sk-ant-test",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "invalid_input", field: "model" });
    expect((error as Error).message).toBe(
      "google:gemini-2.5-flash needs GOOGLE_GENERATIVE_AI_API_KEY: set it in Flightdeck's environment.",
    );
  });

  it("does not fall back to a key in process.env that the configuration does not carry", () => {
    process.env.GOOGLE_GENERATIVE_AI_API_KEY = "stray-key";
    expect(() => resolveModel("google:gemini-2.5-pro", {})).toThrow(/needs GOOGLE_GENERATIVE_AI_API_KEY/);
  });

  it("reads the key and base URL from Flightdeck's environment", () => {
    process.env = {
      GOOGLE_GENERATIVE_AI_API_KEY: " env-key ",
      GOOGLE_GENERATIVE_AI_BASE_URL: "http://127.0.0.1:9/v1beta",
    } as unknown as NodeJS.ProcessEnv;
    resetEnvCache();
    expect(env()).toMatchObject({
      GOOGLE_GENERATIVE_AI_API_KEY: "env-key",
      GOOGLE_GENERATIVE_AI_BASE_URL: "http://127.0.0.1:9/v1beta",
    });
    expect(resolveModel("google:gemini-2.5-flash", env()).provider).toBe("google.generative-ai");

    process.env = { GOOGLE_GENERATIVE_AI_API_KEY: "   " } as unknown as NodeJS.ProcessEnv;
    resetEnvCache();
    expect(() => resolveModel("google:gemini-2.5-flash", env())).toThrow(
      /needs GOOGLE_GENERATIVE_AI_API_KEY/,
    );
  });

  it("sends the configured key to the configured base URL (a local stand-in for the Gemini API)", async () => {
    const seen: { url?: string; headers?: IncomingHttpHeaders } = {};
    const server = createServer((req, res) => {
      seen.url = req.url;
      seen.headers = req.headers;
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            candidates: [
              { content: { role: "model", parts: [{ text: "hello from gemini" }] }, finishReason: "STOP" },
            ],
            usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4, totalTokenCount: 7 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const model = resolveModel("google:gemini-2.5-flash", {
        GOOGLE_GENERATIVE_AI_API_KEY: "local-key",
        GOOGLE_GENERATIVE_AI_BASE_URL: `http://127.0.0.1:${port}/v1beta`,
      });
      const result = await model.doGenerate({
        prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      });
      expect(seen.url).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
      expect(seen.headers?.["x-goog-api-key"]).toBe("local-key");
      expect(result.content).toContainEqual(
        expect.objectContaining({ type: "text", text: "hello from gemini" }),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
