import type { LanguageModelV4CallOptions, LanguageModelV4Prompt } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents, demoTickets, type ModelStepPayload, runSteps, runs, tenants } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { updateAgent } from "@/lib/agents/update-agent";
import { MAX_OUTPUT_TOKENS } from "@/lib/budgets/estimate";
import { fitContext } from "@/lib/context/fit-context";
import { SUMMARY_INSTRUCTIONS } from "@/lib/context/summary-prompt";
import { tokenCounterFor } from "@/lib/context/token-counter";
import { utcToday } from "@/lib/day";
import { setPrice } from "@/lib/models/price-table";
import { promoteRun } from "@/lib/runs/promote-run";
import { readTraceSpans } from "@/lib/telemetry/trace-spans";
import { executeRun } from "./execute-run";
import { RunState } from "./run-state";
import {
  claimUntil,
  demoTenant,
  runToEnd,
  testEngine,
  toolCallTurn,
  toolStepsOf,
} from "./testing/engine-harness";

const { db } = await createTestDatabase();

// An OpenAI model, so prompts are counted with its tokenizer; this tenant gives it a small window.
const MODEL = "openai:gpt-5-nano";
const WINDOW = 16_000;
const TURNS = 60;
const BODY_CHARS = 20_000;

/** Tickets T-5001… whose bodies are 20 KB each, all different (the loop guard wants progress). */
async function bigTickets(tenantId: string) {
  const rows = Array.from({ length: TURNS }, (_, i) => ({
    tenantId,
    id: `T-${5001 + i}`,
    customerId: "C-1",
    subject: `Long report ${i + 1}`,
    body: `Report ${i + 1}: `.padEnd(BODY_CHARS, `line ${i + 1} of a long pasted log; `),
    status: "open",
  }));
  await db.insert(demoTickets).values(rows);
}

/** A tenant whose support-triage runs MODEL with a WINDOW-token window and many turns. */
async function smallWindowTenant(strategy?: "drop_middle" | "summarize") {
  const { operator, tenantId } = await demoTenant(db);
  await bigTickets(tenantId);
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw new Error("no tenant");
  const admin = await createMember(db, tenant, "admin");
  await setPrice(db, admin, {
    model: MODEL,
    effectiveFrom: utcToday(),
    inputPerMTok: 0.05,
    cachedInputPerMTok: 0.005,
    outputPerMTok: 0.4,
    contextWindow: WINDOW,
  });
  const [triage] = await db
    .update(agents)
    .set({ model: MODEL, maxSteps: 1000, maxSeconds: 600 })
    .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "support-triage")))
    .returning();
  if (!triage) throw new Error("no agent");
  if (strategy) await updateAgent(db, admin, triage.id, { expectedVersion: 1, contextStrategy: strategy });
  return { operator };
}

/**
 * A model that reads ticket after ticket, then finishes; it keeps every prompt it was sent. Asked
 * for a summary, it names the last turn it was shown.
 */
function readingModel() {
  const sent: LanguageModelV4CallOptions[] = [];
  const summaries: LanguageModelV4CallOptions[] = [];
  const model = new MockLanguageModelV4({
    doGenerate: async (options) => {
      if (options.prompt[0]?.content === SUMMARY_INSTRUCTIONS) {
        summaries.push(options);
        const shown = [...JSON.stringify(options.prompt).matchAll(/Turn (\d+):/g)].map((m) => m[1]);
        return {
          content: [
            { type: "text", text: `Read reports up to turn ${shown.at(-1)}; nothing is changed yet.` },
          ],
          finishReason: { unified: "stop", raw: "stop" },
          usage: {
            inputTokens: { total: 900, noCache: 900 },
            outputTokens: { total: 30, text: 30 },
          } as never,
          warnings: [],
        };
      }
      // The engine appends to the run's prompt later: keep the messages as they were sent.
      sent.push({ ...options, prompt: [...options.prompt] });
      const turn = sent.length;
      return turn <= TURNS
        ? toolCallTurn(`read-${turn}`, "get_ticket", { ticket_id: `T-${5000 + turn}` })
        : toolCallTurn("fin", "finish_run", { answer: `Read ${TURNS} reports.` });
    },
  });
  return { engine: testEngine(db, { resolveModel: () => model }), sent, summaries };
}

const counter = tokenCounterFor("openai");
const tokensSent = (options: LanguageModelV4CallOptions) =>
  options.prompt.reduce((n, m) => n + counter.message(m), counter.text(JSON.stringify(options.tools ?? [])));
const text = (prompt: LanguageModelV4Prompt) => JSON.stringify(prompt);

describe("the context window", () => {
  it("keeps every prompt of a long run within the model's window, and every step whole", async () => {
    const { operator } = await smallWindowTenant();
    const { engine, sent } = readingModel();
    const run = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Read the reports" });
    expect(run).toMatchObject({ status: "succeeded" });
    expect(sent).toHaveLength(TURNS + 1);
    const sizes = sent.map(tokensSent);
    for (const size of sizes) expect(size + MAX_OUTPUT_TOKENS).toBeLessThanOrEqual(WINDOW);
    // The answer is held to the room reserved for it, so the window (and the budget's hold) cannot overflow.
    for (const options of sent) expect(options.maxOutputTokens).toBe(MAX_OUTPUT_TOKENS);
    // Once the window is full the prompt stops growing.
    expect(Math.max(...sizes.slice(20))).toBeLessThan((sizes[20] as number) + 2_000);
    const last = sent.at(-1)?.prompt ?? [];
    expect(last[0]?.role).toBe("system");
    expect(text(last.slice(1, 2))).toContain("Read the reports");
    expect(text(last)).toMatch(/earlier turns were left out to fit the model's context window/);
    expect(text(last)).toMatch(
      /\[result clipped: 2000 of \d+ chars; the full result is stored on step \d+\]/,
    );
    // The latest report is sent whole.
    expect(text(last)).toContain(`Report ${TURNS}: `.padEnd(200, `line ${TURNS} of a long pasted log; `));

    const results = await toolStepsOf(db, run.id);
    expect(results).toHaveLength(TURNS);
    for (const step of results) expect(JSON.stringify(step.result).length).toBeGreaterThan(BODY_CHARS);

    const chats = (await readTraceSpans(db, run))
      .filter((s) => s.name === "chat gpt-5-nano")
      .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    expect(chats[0]?.attributes).toMatchObject({
      "flightdeck.context.window": WINDOW,
      "flightdeck.context.counted_by": "tokenizer",
    });
    expect(chats[0]?.attributes).not.toHaveProperty("flightdeck.context.dropped_turns");
    const lastChat = chats.at(-1)?.attributes as Record<string, unknown>;
    expect(lastChat).toMatchObject({
      "flightdeck.context.strategy": "clip_and_drop_middle",
      "flightdeck.context.sent_tokens": sizes.at(-1),
      "flightdeck.context.dropped_turns": expect.any(Number),
      "flightdeck.context.reason": expect.stringMatching(
        /^the history takes \d+ tokens; the window leaves it \d+$/,
      ),
    });
    expect(lastChat["flightdeck.context.full_tokens"]).toBeGreaterThan(TURNS * 4_000);
  });

  it("replays a long dry run live with every recorded turn, and fits its closing answer's prompt into the window", async () => {
    const { operator } = await smallWindowTenant();
    const { engine, sent } = readingModel();
    const dry = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Read the reports",
      dryRun: true,
    });
    expect(dry.status).toBe("succeeded");
    const queued = await promoteRun(db, operator, dry.id);
    await executeRun(engine, await claimUntil(db, engine, queued.id), new AbortController().signal);
    const [live] = await db.select().from(runs).where(eq(runs.id, queued.id));
    expect(live).toMatchObject({ status: "succeeded" });
    // The replay answered from the recorded steps; only its closing answer was asked of the model
    // again, with the history fitted into the window.
    expect(sent).toHaveLength(TURNS + 2);
    const closing = sent.at(-1);
    expect(closing && tokensSent(closing) + MAX_OUTPUT_TOKENS).toBeLessThanOrEqual(WINDOW);
    expect((await toolStepsOf(db, queued.id)).map((s) => s.args)).toEqual(
      (await toolStepsOf(db, dry.id)).map((s) => s.args),
    );
  });

  it("summarises the oldest turns as steps of their own under summarize, and a resumed run sends the same prompt", async () => {
    const { operator } = await smallWindowTenant("summarize");
    const { engine, sent, summaries } = readingModel();
    const run = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Read the reports" });
    expect(run).toMatchObject({ status: "succeeded" });
    expect(sent).toHaveLength(TURNS + 1);
    for (const options of [...sent, ...summaries])
      expect(tokensSent(options) + MAX_OUTPUT_TOKENS).toBeLessThanOrEqual(WINDOW);
    const steps = await db
      .select()
      .from(runSteps)
      .where(eq(runSteps.runId, run.id))
      .orderBy(asc(runSteps.seq));
    const summarySteps = steps.filter((s) => (s.payload as ModelStepPayload).summary);
    expect(summarySteps.length).toBe(summaries.length);
    expect(summarySteps.length).toBeGreaterThan(1);
    expect(summarySteps.length).toBeLessThan(TURNS / 4);
    expect(run.modelCalls).toBe(TURNS + 1 + summaries.length);
    const last = sent.at(-1)?.prompt ?? [];
    expect(text(last)).toMatch(/\[Summary of the first \d+ turns, which are left out/);
    expect(text(last)).toMatch(/Read reports up to turn \d+; nothing is changed yet\./);
    expect(text(last)).not.toMatch(/earlier turns? (was|were) left out/);

    // Rebuilt from its steps, as after a crash, the run sends exactly what it sent.
    const lastCall = steps.at(-1)?.seq ?? 0;
    const [agent] = await db.select().from(agents).where(eq(agents.id, run.agentId));
    const state = RunState.fromSteps(
      agent?.instructions ?? "",
      run.input,
      steps.filter((s) => s.seq < lastCall),
    );
    const rebuilt = fitContext({
      prompt: state.prompt,
      toolsTokens: counter.text(JSON.stringify(sent.at(-1)?.tools ?? [])),
      window: WINDOW,
      outputReserve: MAX_OUTPUT_TOKENS,
      counter,
      strategy: "summarize",
      stepOf: (id) => state.resultStep(id),
      summary: state.summary,
    });
    expect(rebuilt.prompt).toEqual(last);
  });

  it("sends older results whole and only leaves out turns under drop_middle, as the run's agent version says", async () => {
    const { operator } = await smallWindowTenant("drop_middle");
    const { engine, sent } = readingModel();
    const run = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Read the reports" });
    expect(run).toMatchObject({ status: "succeeded", agentVersion: 2 });
    for (const options of sent) {
      expect(tokensSent(options) + MAX_OUTPUT_TOKENS).toBeLessThanOrEqual(WINDOW);
      expect(text(options.prompt)).not.toContain("[result clipped");
    }
    expect(text(sent.at(-1)?.prompt ?? [])).toMatch(/earlier turns were left out/);
    const steps = await db.select().from(runSteps).where(eq(runSteps.runId, run.id));
    expect(steps).toHaveLength(2 * TURNS + 1);
  });
});
