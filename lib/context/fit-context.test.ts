import type { LanguageModelV4Message, LanguageModelV4Prompt } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { clipPointer } from "./clip-result";
import { type FitInput, fitContext } from "./fit-context";
import { SUMMARY_INSTRUCTIONS, summaryPrompt } from "./summary-prompt";
import { tokenCounterFor } from "./token-counter";

const SYSTEM = "You resolve support tickets.";
const GOAL = "Resolve ticket T-1001.";

/** A run's prompt after `turns` turns, each one tool call whose result is `resultChars` long. */
function runPrompt(turns: number, resultChars: number): LanguageModelV4Prompt {
  const prompt: LanguageModelV4Message[] = [
    { role: "system", content: SYSTEM },
    { role: "user", content: [{ type: "text", text: GOAL }] },
  ];
  for (let t = 1; t <= turns; t++) {
    const id = `call-${t}`;
    prompt.push({
      role: "assistant",
      content: [
        { type: "text", text: `Reading page ${t}.` },
        { type: "tool-call", toolCallId: id, toolName: "search_kb", input: { query: `page ${t}` } },
      ],
    });
    const body = `${t}:`.padEnd(resultChars, "lorem ipsum dolor sit amet ");
    prompt.push({
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: id,
          toolName: "search_kb",
          output: { type: "json", value: { body } },
        },
      ],
    });
  }
  return prompt;
}

const fitRun = (
  prompt: LanguageModelV4Prompt,
  window: number,
  provider = "sim",
  more: Partial<FitInput> = {},
) =>
  fitContext({
    prompt,
    toolsTokens: 300,
    window,
    outputReserve: 1_000,
    counter: tokenCounterFor(provider),
    strategy: "clip_and_drop_middle",
    // Step numbers as the engine gives them: turn t's result is step 2t.
    stepOf: (id) => 2 * Number(id.slice("call-".length)),
    ...more,
  });

/** Counts the sent prompt again from scratch, independently of the report. */
function recount(prompt: LanguageModelV4Prompt, provider: string): number {
  const counter = tokenCounterFor(provider);
  return prompt.reduce((n, m) => n + 3 + counter.text(JSON.stringify(m)), 300);
}

function callIds(prompt: LanguageModelV4Prompt) {
  const calls: string[] = [];
  const results: string[] = [];
  for (const m of prompt) {
    if (m.role === "assistant")
      for (const p of m.content) if (p.type === "tool-call") calls.push(p.toolCallId);
    if (m.role === "tool")
      for (const p of m.content) if (p.type === "tool-result") results.push(p.toolCallId);
  }
  return { calls, results };
}

describe("fitContext", () => {
  it("sends a prompt that fits as it is, and says so", () => {
    const prompt = runPrompt(3, 500);
    const { prompt: sent, report } = fitRun(prompt, 32_000);
    expect(sent).toBe(prompt);
    expect(report).toMatchObject({ clipped: [], droppedTurns: 0, overflow: false, countedBy: "estimate" });
    expect(report.sentTokens).toBe(report.fullTokens);
  });

  it.each([
    ["sim", 8_000, 40],
    ["sim", 32_000, 300],
    ["openai", 16_000, 120],
  ])(
    "never sends more than the window (%s, %i tokens, %i turns of 20 KB results)",
    (provider, window, turns) => {
      const prompt = runPrompt(turns, 20_000);
      const { prompt: sent, report } = fitRun(prompt, window, provider);
      expect(report.overflow).toBe(false);
      expect(report.fullTokens).toBeGreaterThan(window);
      expect(report.sentTokens + 1_000).toBeLessThanOrEqual(window);
      expect(recount(sent, provider)).toBe(report.sentTokens);
      expect(report.countedBy).toBe(provider === "openai" ? "tokenizer" : "estimate");
    },
  );

  it("stays within every window size to the token, the note on the goal included", () => {
    for (const provider of ["openai", "sim"])
      for (let window = 9_000; window < 40_000; window += 1_237) {
        const prompt = runPrompt(60, 20_000);
        const { prompt: sent, report } = fitRun(prompt, window, provider);
        expect(report.overflow).toBe(false);
        expect(recount(sent, provider) + 1_000).toBeLessThanOrEqual(window);
      }
  });

  it("sends older results whole under drop_middle: only whole turns are left out", () => {
    const { prompt: sent, report } = fitRun(runPrompt(40, 20_000), 32_000, "sim", {
      strategy: "drop_middle",
    });
    expect(report.clipped).toEqual([]);
    expect(report.droppedTurns).toBeGreaterThan(0);
    expect(JSON.stringify(sent)).not.toContain("[result clipped");
    expect(report.sentTokens + 1_000).toBeLessThanOrEqual(32_000);
  });

  it("asks for a summary under summarize, then sends it in place of the turns it covers", () => {
    const prompt = runPrompt(60, 20_000);
    const asked = fitRun(prompt, 32_000, "sim", { strategy: "summarize" }).report.summarize;
    expect(asked?.throughTurns).toBeGreaterThan(30);
    expect(asked?.throughTurns).toBeLessThan(60);
    const summary = { text: "Read pages 1 to 50.", turns: 50 };
    const { prompt: sent, report } = fitRun(prompt, 32_000, "sim", { strategy: "summarize", summary });
    expect(report).toMatchObject({ summarizedTurns: 50, droppedTurns: 0, overflow: false });
    expect(report.summarize).toBeUndefined();
    expect(JSON.stringify(sent[1])).toContain("[Summary of the first 50 turns, which are left out");
    expect(JSON.stringify(sent[1])).toContain("Read pages 1 to 50.");
    expect(callIds(sent).calls[0]).toBe("call-51");
    expect(recount(sent, "sim") + 1_000).toBeLessThanOrEqual(32_000);
  });

  it("builds a summary prompt of the turns not yet summarised that fits the summarising model", () => {
    const prompt = runPrompt(60, 20_000);
    const previous = { text: "Read pages 1 to 10.", turns: 10 };
    const counter = tokenCounterFor("openai");
    const asked = summaryPrompt({
      prompt,
      previous,
      throughTurns: 40,
      window: 16_000,
      outputReserve: 1_000,
      counter,
      stepOf: (id) => 2 * Number(id.slice("call-".length)),
    });
    const text = JSON.stringify(asked);
    expect(asked[0]).toEqual({ role: "system", content: SUMMARY_INSTRUCTIONS });
    expect(text).toContain(GOAL);
    expect(text).toContain("Summary of its first 10 turns:\\nRead pages 1 to 10.");
    expect(text).toContain("Turn 40:");
    expect(text).not.toContain("Turn 41:");
    expect(text).toMatch(/result clipped: \d+ of \d+ chars; the full result is stored on step \d+/);
    expect(asked.reduce((n, m) => n + counter.message(m), 0) + 1_000).toBeLessThanOrEqual(16_000);
  });

  it("keeps the system prompt, the goal, the latest turn, and every call with its result", () => {
    const prompt = runPrompt(100, 20_000);
    const { prompt: sent, report } = fitRun(prompt, 16_000);
    expect(sent[0]).toEqual({ role: "system", content: SYSTEM });
    expect(sent[1]?.role).toBe("user");
    expect(sent[1]?.content[0]).toEqual({ type: "text", text: GOAL });
    expect(JSON.stringify(sent[1])).toContain(`${report.droppedTurns} earlier turns were left out`);
    expect(report.droppedTurns).toBeGreaterThan(0);
    const { calls, results } = callIds(sent);
    expect(results).toEqual(calls);
    expect(calls.at(-1)).toBe("call-100");
    // What is left out is the middle: a contiguous run of the oldest turns after the goal.
    expect(calls[0]).toBe(`call-${report.droppedTurns + 1}`);
    expect(sent.length).toBe(2 + 2 * (100 - report.droppedTurns));
  });

  it("clips large results with a pointer to the step that keeps them whole, oldest first", () => {
    const prompt = runPrompt(6, 20_000);
    const { prompt: sent, report } = fitRun(prompt, 32_000);
    expect(report.droppedTurns).toBe(0);
    const chars = JSON.stringify({ body: "" }).length + 20_000;
    expect(report.clipped[0]).toEqual({ toolCallId: "call-1", step: 2, chars, sentChars: 2_000 });
    // The latest result goes whole while the older ones make room for it.
    expect(report.clipped.map((c) => c.toolCallId)).not.toContain("call-6");
    const first = sent[3];
    if (first?.role !== "tool" || first.content[0]?.type !== "tool-result") throw new Error("no result");
    expect(first.content[0].output).toEqual({
      type: "text",
      value: expect.stringContaining(`\n${clipPointer(2_000, chars, 2)}`),
    });
    expect(clipPointer(2_000, chars, 2)).toBe(
      `[result clipped: 2000 of ${chars} chars; the full result is stored on step 2]`,
    );
    // The run's own messages are not changed: its steps keep the whole results.
    const kept = prompt[3];
    if (kept?.role !== "tool" || kept.content[0]?.type !== "tool-result") throw new Error("no result");
    expect(kept.content[0].output.type).toBe("json");
    expect(JSON.stringify(kept).length).toBeGreaterThan(20_000);
  });

  it("clips the latest results too when nothing else is left to cut", () => {
    const prompt = runPrompt(1, 60_000);
    const { report } = fitRun(prompt, 8_000);
    expect(report.clipped).toEqual([expect.objectContaining({ toolCallId: "call-1", sentChars: 2_000 })]);
    expect(report.sentTokens + 1_000).toBeLessThanOrEqual(8_000);
  });

  it("says the window overflows when the system prompt and goal alone pass it", () => {
    const prompt = runPrompt(2, 100);
    prompt[0] = { role: "system", content: "x".repeat(40_000) };
    const { report } = fitRun(prompt, 8_000);
    expect(report.overflow).toBe(true);
  });

  it("is deterministic: the same history gives the same prompt on every turn and after a restart", () => {
    const a = fitRun(runPrompt(80, 20_000), 16_000);
    const b = fitRun(runPrompt(80, 20_000), 16_000);
    expect(b).toEqual(a);
  });

  it("counts special-token text in a result as plain text", () => {
    const counter = tokenCounterFor("openai");
    expect(counter.text("hi <|endoftext|> there")).toBeGreaterThan(3);
  });
});
