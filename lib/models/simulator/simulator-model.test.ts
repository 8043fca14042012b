import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { createSimulatorModel, isSimulatorModel, SIMULATOR_MODES } from "./index";
import { canonical } from "./steps";
import { drive, opsTools, supportTools } from "./test-harness";

const goal = (text: string): LanguageModelV4CallOptions["prompt"] => [
  { role: "system", content: "You are a demo agent." },
  { role: "user", content: [{ type: "text", text }] },
];
const tools = (...names: string[]): LanguageModelV4CallOptions["tools"] =>
  names.map((name) => ({ type: "function" as const, name, inputSchema: { type: "object" } }));

describe("simulator model", () => {
  it("names itself and parses <mode>[:<latencyMs>]", () => {
    const model = createSimulatorModel("default:250");
    expect(model).toMatchObject({
      specificationVersion: "v4",
      provider: "simulator",
      modelId: "default:250",
    });
    expect(SIMULATOR_MODES).toEqual(["default", "gullible", "looping", "sloppy", "boastful"]);
    expect(() => createSimulatorModel("chatty")).toThrow(
      /valid modes are default, gullible, looping, sloppy/,
    );
    expect(() => createSimulatorModel("default:soon")).toThrow(/latency/);
    expect(isSimulatorModel("sim:looping")).toBe(true);
    expect(isSimulatorModel("openai:gpt-5-mini")).toBe(false);
  });

  it("gives identical output for identical prompts", async () => {
    const first = await drive(createSimulatorModel("default"), supportTools, "Resolve ticket T-1004");
    const again = await drive(createSimulatorModel("default"), supportTools, "Resolve ticket T-1004");
    expect(again.messages).toEqual(first.messages);
    expect(again.turns.map((t) => t.text)).toEqual(first.turns.map((t) => t.text));
    const options = { prompt: goal("T-1004"), tools: tools("get_ticket") };
    const model = createSimulatorModel("default");
    expect(await model.doGenerate(options)).toEqual(await model.doGenerate(options));
  });

  it("reports plausible usage, with cache reads after the first turn", async () => {
    const model = createSimulatorModel("default");
    const r1 = await generateText({ model, tools: supportTools, prompt: "Resolve ticket T-1004" });
    expect(r1.usage.inputTokens).toBeGreaterThan(100);
    expect(r1.usage.outputTokens).toBeGreaterThan(5);
    expect(r1.usage.inputTokenDetails.cacheReadTokens).toBe(0);
    expect(r1.usage.outputTokenDetails.reasoningTokens).toBe(0);
    const { messages } = await drive(model, supportTools, "Resolve ticket T-1004", 2);
    const r3 = await generateText({ model, tools: supportTools, messages });
    const { inputTokens = 0, inputTokenDetails } = r3.usage;
    expect(inputTokens).toBeGreaterThan(r1.usage.inputTokens ?? 0);
    expect(inputTokenDetails.cacheReadTokens).toBeGreaterThan(0);
    expect((inputTokenDetails.cacheReadTokens ?? 0) + (inputTokenDetails.noCacheTokens ?? 0)).toBe(
      inputTokens,
    );
  });

  it("honours the abort signal during its latency", async () => {
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const model = createSimulatorModel("default:10000");
    const controller = new AbortController();
    const call = model.doGenerate({
      prompt: goal("T-1004"),
      tools: tools("get_ticket"),
      abortSignal: controller.signal,
    });
    const outcome = expect(call).rejects.toThrow("run killed");
    await vi.advanceTimersByTimeAsync(20);
    controller.abort(new Error("run killed"));
    await outcome;
    // The 10 s latency's timer went with the abort.
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
    await expect(generateText({ model, prompt: "x", abortSignal: AbortSignal.abort() })).rejects.toThrow();
  });

  it("streams the same text and tool call as it generates", async () => {
    const model = createSimulatorModel("default");
    const generated = await generateText({ model, tools: opsTools, prompt: "check health" });
    const streamed = streamText({ model, tools: opsTools, prompt: "check health" });
    expect(await streamed.text).toBe(generated.text);
    expect(await streamed.finishReason).toBe("tool-calls");
    const [call] = await streamed.toolCalls;
    expect(call).toMatchObject({
      toolCallId: "call_1_0",
      toolName: "http_request",
      input: { method: "GET", url: "/api/demo/health" },
    });
    expect((await streamed.usage).inputTokens).toBe(generated.usage.inputTokens);
  });

  it("matches earlier calls whatever the key order", () => {
    expect(canonical({ b: 1, a: { d: [2], c: "x" } })).toBe(canonical({ a: { c: "x", d: [2] }, b: 1 }));
  });

  it("reads stored inputs given as JSON strings, and error outputs of every kind", async () => {
    const model = createSimulatorModel("default");
    const prompt: LanguageModelV4CallOptions["prompt"] = [
      ...goal("T-1004"),
      {
        role: "assistant",
        content: [
          { type: "tool-call", toolCallId: "a", toolName: "get_ticket", input: '{"ticket_id":"T-1004"}' },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "a",
            toolName: "get_ticket",
            output: {
              type: "text",
              value: '{"ticket_id":"T-1004","order_id":"O-5004","body":"refund of $10.00"}',
            },
          },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "tool-call", toolCallId: "b", toolName: "get_order", input: { order_id: "O-5004" } },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "b",
            toolName: "get_order",
            output: { type: "execution-denied", reason: "policy" },
          },
        ],
      },
    ];
    const result = await model.doGenerate({
      prompt,
      tools: tools("get_ticket", "get_order", "update_ticket"),
    });
    expect(result.content[1]).toMatchObject({
      type: "tool-call",
      toolCallId: "call_3_0",
      toolName: "update_ticket",
    });
    const stop = await model.doGenerate({
      prompt,
      tools: tools("get_ticket", "get_order", "update_ticket"),
      toolChoice: { type: "none" },
    });
    expect(result.content[1]).toMatchObject({ input: expect.stringContaining('"status":"pending"') });
    expect(stop.finishReason.unified).toBe("stop");
    expect(stop.content[0]).toMatchObject({
      type: "text",
      text: expect.stringContaining('get_order {"order_id":"O-5004"} failed: denied: policy'),
    });
  });
});
