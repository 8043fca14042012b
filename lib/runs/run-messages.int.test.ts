import type { LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { API_ROUTES } from "@/app/api/v1/openapi.json/routes";
import { approvals, auditLog, type ModelStepPayload, runMessages, runSteps } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { answerQuestion } from "@/lib/approvals/answer-question";
import type { Actor } from "@/lib/auth/actor";
import { endpointFixture } from "@/lib/http/testing/endpoint-fixture";
import { routeFetch } from "@/lib/http/testing/route-fetch";
import {
  demoTenant,
  driveRun,
  fixedModel,
  grantTool,
  testEngine,
  toolCallTurn,
} from "@/lib/runtime/testing/engine-harness";
import { readTraceSpans } from "@/lib/telemetry/trace-spans";
import { sendRunMessage } from "./send-run-message";
import { startRun } from "./start-run";

const { db } = await createTestDatabase();

const answer = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: { inputTokens: { total: 10, noCache: 10 }, outputTokens: { total: 5, text: 5 } } as never,
  warnings: [],
});

const promptText = (call: LanguageModelV4CallOptions | undefined) => JSON.stringify(call?.prompt ?? []);
const times = (text: string, part: string) => text.split(part).length - 1;

async function started(actor: Actor, input = "Resolve ticket T-1004") {
  return startRun(db, actor, { agent: "support-triage", input, model: "openai:gpt-5-mini" });
}

const modelSteps = async (runId: string) =>
  (await db.select().from(runSteps).where(eq(runSteps.runId, runId)))
    .filter((s) => s.kind === "model")
    .map((s) => ({ seq: s.seq, payload: s.payload as ModelStepPayload }));

describe("operator messages", () => {
  it("a message sent while the run works reaches the model at its next turn, once, as the operator's", async () => {
    const { operator } = await demoTenant(db);
    let runId = "";
    const turns = [
      toolCallTurn("c1", "get_ticket", { ticket_id: "T-1004" }),
      toolCallTurn("c2", "get_order", { order_id: "O-5004" }),
      answer("Escalated to billing."),
    ];
    // The prompts as sent: the engine appends to its prompt after a call.
    const seen: string[] = [];
    const model = new MockLanguageModelV4({
      doGenerate: async (options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> => {
        const turn = seen.push(promptText(options)) - 1;
        if (turn === 0) {
          // Sent while the model "thinks": the next turn must carry it, this one must not.
          await sendRunMessage(db, operator, runId, { message: "Do not refund: escalate to billing." });
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        return turns[turn] as LanguageModelV4GenerateResult;
      },
    });
    const run = await started(operator);
    runId = run.id;
    const ended = await driveRun(db, testEngine(db, { resolveModel: fixedModel(model) }), run.id);
    expect(ended.status).toBe("succeeded");
    const [first, second, third] = seen;
    expect(first).not.toContain("Do not refund");
    expect(second).toContain("Do not refund: escalate to billing.");
    expect(second).toContain(`Message from the operator ${operator.label}`);
    expect(second).toContain("trusted operator input");
    expect(times(third ?? "", "Do not refund")).toBe(1);
    const steps = await modelSteps(run.id);
    const carrier = steps.find((s) => s.payload.operatorMessages);
    expect(carrier?.seq).toBe(3);
    expect(carrier?.payload.operatorMessages?.[0]).toMatchObject({ from: operator.label });
    const [stored] = await db.select().from(runMessages).where(eq(runMessages.runId, run.id));
    expect(stored?.deliveredSeq).toBe(3);
    const traced = (await readTraceSpans(db, run)).find((s) => s.name === "operator message");
    expect(traced?.attributes).toMatchObject({ "flightdeck.operator_message.from": operator.label });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.targetId, run.id));
    expect(audit).toMatchObject({ action: "run.message_sent" });
  });

  it("survives a crash between send and next step, and is never delivered twice when its mark was lost", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await grantTool(db, tenantId, "support-triage", "ask_person");
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn("q1", "ask_person", { question: "Which order?" }), answer("Done.")],
    });
    const engine = testEngine(db, { resolveModel: fixedModel(model) });
    const run = await started(operator);
    // Sent before any process took the run (as after a crash): stored, read at the first turn.
    await sendRunMessage(db, operator, run.id, { message: "The order is O-5004." });
    const parked = await driveRun(db, engine, run.id);
    expect(parked.status).toBe("waiting_input");
    expect(promptText(model.doGenerateCalls[0])).toContain("The order is O-5004.");
    // The delivery's mark is lost (a crash after the step's commit): the step still says it was read.
    await db.update(runMessages).set({ deliveredSeq: null }).where(eq(runMessages.runId, run.id));
    const [question] = await db.select().from(approvals).where(eq(approvals.runId, run.id));
    await answerQuestion(db, operator, question?.id ?? "", { answer: "O-5004" });
    await sendRunMessage(db, operator, run.id, { message: "Keep it short." });
    const ended = await driveRun(db, engine, run.id);
    expect(ended.status).toBe("succeeded");
    const last = promptText(model.doGenerateCalls[1]);
    expect(times(last, "The order is O-5004.")).toBe(1);
    expect(times(last, "Keep it short.")).toBe(1);
  });

  it("refuses another tenant and an empty message, and stores nothing", async () => {
    const { operator } = await demoTenant(db);
    const run = await started(operator);
    const other = await demoTenant(db);
    await expect(sendRunMessage(db, other.operator, run.id, { message: "Hi" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(sendRunMessage(db, operator, run.id, { message: "  " })).rejects.toThrow(
      /Write the message/,
    );
    expect(await db.select().from(runMessages).where(eq(runMessages.runId, run.id))).toEqual([]);
  });
});

describe("POST /api/v1/runs/{id}/messages", () => {
  it("201 for an operator on an open run; 403 viewer, 404 other tenant, 400 bad input, 409 ended", async () => {
    const { a, keys } = await endpointFixture(db);
    const api = routeFetch(API_ROUTES);
    const post = (key: string, id: string, body: unknown) =>
      api(`http://localhost/api/v1/runs/${id}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const sent = await post(keys.operator, a.parkedRunId, { message: "Check the order total first." });
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({
      run_id: a.parkedRunId,
      message: "Check the order total first.",
      delivered_seq: null,
    });
    expect((await post(keys.viewer, a.parkedRunId, { message: "x" })).status).toBe(403);
    expect((await post(keys.outsider, a.parkedRunId, { message: "x" })).status).toBe(404);
    expect((await post(keys.operator, a.parkedRunId, { message: "" })).status).toBe(400);
    expect((await post(keys.operator, a.parkedRunId, { text: "x" })).status).toBe(400);
    const ended = await post(keys.operator, a.runId, { message: "x" });
    expect(ended.status).toBe(409);
    expect((await ended.json()).error.message).toMatch(/has ended/);
  });
});
