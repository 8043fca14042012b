import { describe, expect, it } from "vitest";
import { otelProviderName, PROVIDERS, parseModelName } from "./model-name";

describe("parseModelName", () => {
  it("reads google:<model> as the Google provider", () => {
    expect(parseModelName(" google:gemini-2.5-flash ")).toEqual({
      provider: "google",
      id: "gemini-2.5-flash",
      full: "google:gemini-2.5-flash",
    });
  });

  it("keeps the other providers", () => {
    expect(parseModelName("openai:gpt-5-mini").provider).toBe("openai");
    expect(parseModelName("anthropic:claude-haiku-4-5").provider).toBe("anthropic");
    expect(parseModelName("compat:llama3.1").provider).toBe("compat");
    expect(parseModelName("sim:default").provider).toBe("sim");
  });

  it("refuses unknown providers and names google among the known ones", () => {
    expect(() => parseModelName("gemini:gemini-2.5-flash")).toThrow(
      /provider one of openai, anthropic, google, compat, sim/,
    );
    expect(() => parseModelName("google:")).toThrow(/is not a model name/);
    expect(() => parseModelName("gemini-2.5-flash")).toThrow(/is not a model name/);
  });

  it("gives every provider an OpenTelemetry provider name, Gemini's being gcp.gemini", () => {
    expect(otelProviderName("google")).toBe("gcp.gemini");
    for (const provider of PROVIDERS) expect(otelProviderName(provider)).toMatch(/\S/);
  });
});
