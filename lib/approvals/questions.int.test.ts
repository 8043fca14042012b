import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { approvals, auditLog, demoRefunds, type Run, runs } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import {
  demoTenant,
  driveRun,
  fixedModel,
  grantTool,
  runToEnd,
  testEngine,
  toolCallTurn,
  toolStepsOf,
} from "@/lib/runtime/testing/engine-harness";
import { readTraceSpans } from "@/lib/telemetry/trace-spans";
import { answerQuestion } from "./answer-question";
import { decideApproval } from "./decide-approval";
import { expireApprovals } from "./expire-approvals";
import { listApprovals } from "./queries";

const { db } = await createTestDatabase();

const asking = (): LanguageModelV4GenerateResult => {
  const turn = toolCallTurn("q1", "ask_person", {
    question: "Refund the full 120 USD or half?",
    context: "The customer says the item arrived damaged; the photos are unclear.",
  });
  return { ...turn, content: [{ type: "text", text: "I cannot tell from the photos." }, ...turn.content] };
};
const answer = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: { inputTokens: { total: 10, noCache: 10 }, outputTokens: { total: 5, text: 5 } } as never,
  warnings: [],
});

/** support-triage, granted ask_person, asks a question on its first turn and parks. */
async function parkedQuestion(options: { dryRun?: boolean } = {}) {
  const { operator, tenantId } = await demoTenant(db);
  await grantTool(db, tenantId, "support-triage", "ask_person");
  const model = new MockLanguageModelV4({ doGenerate: [asking(), answer("Refunded half, as told.")] });
  const engine = testEngine(db, { resolveModel: fixedModel(model) });
  const run = await runToEnd(db, engine, operator, {
    agent: "support-triage",
    input: "Resolve ticket T-1004",
    model: "openai:gpt-5-mini",
    ...(options.dryRun ? { dryRun: true } : {}),
  });
  const [question] = await db.select().from(approvals).where(eq(approvals.runId, run.id));
  return { operator, tenantId, run, question, model, engine };
}

const runRow = async (id: string): Promise<Run> => {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  if (!row) throw new Error("run vanished");
  return row;
};

describe("ask_person", () => {
  it("parks the run as waiting_input with the question in the inbox as its own kind of item", async () => {
    const { operator, run, question } = await parkedQuestion();
    expect(run).toMatchObject({ status: "waiting_input", leaseOwner: null, stopReason: null });
    expect(question).toMatchObject({
      kind: "question",
      status: "pending",
      toolName: "ask_person",
      args: { question: "Refund the full 120 USD or half?" },
      reason: "I cannot tell from the photos.",
      policyIds: [],
    });
    expect(run.approval).toMatchObject({ kind: "question", status: "pending", approvalId: question?.id });
    const inbox = await listApprovals(db, operator, { status: "pending" });
    expect(inbox.approvals.map((a) => [a.id, a.kind])).toEqual([[question?.id, "question"]]);
    const viewer = await createMember(db, { id: run.tenantId, name: "Demo" }, "viewer");
    const viewed = await listApprovals(db, viewer, { kind: "question" });
    expect(viewed.approvals[0]).toMatchObject({ args: { question: "[redacted]" }, redacted: true });
  });

  it("an answer resumes the run and reaches the model as a trusted person's, audited and traced", async () => {
    const { operator, run, question, model, engine } = await parkedQuestion();
    if (!question) throw new Error("no question");
    await answerQuestion(db, operator, question.id, { answer: "  Refund half: 60 USD.  " });
    expect((await runRow(run.id)).status).toBe("queued");
    const ended = await driveRun(db, engine, run.id);
    expect(ended).toMatchObject({ status: "succeeded", output: "Refunded half, as told." });
    const [step] = await toolStepsOf(db, run.id);
    expect(step).toMatchObject({
      toolName: "ask_person",
      status: "ok",
      result: { answer: "Refund half: 60 USD.", answered_by: operator.label, source: "trusted_person" },
    });
    const prompt = JSON.stringify(model.doGenerateCalls[1]?.prompt);
    expect(prompt).toContain("Refund half: 60 USD.");
    expect(prompt).toContain("trusted operator input");
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.targetId, question.id));
    expect(audit).toMatchObject({ action: "question.answered", details: { answer: "Refund half: 60 USD." } });
    const names = (await readTraceSpans(db, run)).map((s) => s.name);
    expect(names).toContain("question ask_person");
    await expect(answerQuestion(db, operator, question.id, { answer: "Full" })).rejects.toThrow(
      /Already answered by/,
    );
  });

  it("asks again when a later turn reuses the question's id: an old answer answers only its own question", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await grantTool(db, tenantId, "support-triage", "ask_person");
    const model = new MockLanguageModelV4({ doGenerate: [asking(), asking(), answer("Done.")] });
    const engine = testEngine(db, { resolveModel: fixedModel(model) });
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
      model: "openai:gpt-5-mini",
    });
    const [first] = await db.select().from(approvals).where(eq(approvals.runId, run.id));
    await answerQuestion(db, operator, first?.id ?? "", { answer: "Half." });
    const again = await driveRun(db, engine, run.id);
    expect(again.status).toBe("waiting_input");
    const asked = await db.select().from(approvals).where(eq(approvals.runId, run.id));
    expect(Object.fromEntries(asked.map((q) => [q.toolCallId, q.status]))).toEqual({
      q1: "answered",
      "q1#2": "pending",
    });
    const second = asked.find((q) => q.status === "pending");
    await answerQuestion(db, operator, second?.id ?? "", { answer: "Full, after all." });
    expect(await driveRun(db, engine, run.id)).toMatchObject({ status: "succeeded", output: "Done." });
    const steps = await toolStepsOf(db, run.id);
    expect(steps.map((step) => (step.result as { answer?: string }).answer)).toEqual([
      "Half.",
      "Full, after all.",
    ]);
  });

  it("nobody answers in time: the question expires and the run stops escalated, saying so", async () => {
    const { run, question, engine } = await parkedQuestion();
    expect(await expireApprovals(db, new Date(Date.now() + 31 * 60_000))).toBeGreaterThanOrEqual(1);
    expect((await runRow(run.id)).status).toBe("queued");
    const ended = await driveRun(db, engine, run.id);
    expect(ended).toMatchObject({ status: "stopped", stopReason: "escalated" });
    expect(ended.error).toMatch(/Nobody answered the agent's question/);
    const [step] = await toolStepsOf(db, run.id);
    expect(step).toMatchObject({
      status: "error",
      result: { error: expect.stringMatching(/Nobody answered/) },
    });
    const [after] = await db
      .select()
      .from(approvals)
      .where(eq(approvals.id, question?.id ?? ""));
    expect(after?.status).toBe("expired");
  });

  it("a kill ends a waiting run and cancels its question; a pause leaves it waiting", async () => {
    const paused = await parkedQuestion();
    await engageKillSwitch(db, paused.operator, {
      scope: "agent",
      target: "support-triage",
      reason: "Pause for review",
    });
    expect((await runRow(paused.run.id)).status).toBe("waiting_input");

    const { operator, run, question } = await parkedQuestion();
    await engageKillSwitch(db, operator, { scope: "run", target: run.id, reason: "Wrong ticket" });
    expect(await runRow(run.id)).toMatchObject({ status: "killed", stopReason: "killed" });
    await expect(answerQuestion(db, operator, question?.id ?? "", { answer: "Half" })).rejects.toThrow(
      /cancelled/,
    );
  });

  it("refuses a viewer, another tenant, an empty answer, and an approval decision on a question", async () => {
    const { operator, run, question } = await parkedQuestion();
    const id = question?.id ?? "";
    const viewer = await createMember(db, { id: run.tenantId, name: "Demo" }, "viewer");
    await expect(answerQuestion(db, viewer, id, { answer: "Half" })).rejects.toMatchObject({
      code: "forbidden",
    });
    const stranger = (await demoTenant(db)).operator;
    await expect(answerQuestion(db, stranger, id, { answer: "Half" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(answerQuestion(db, operator, id, { answer: "   " })).rejects.toThrow(/Write an answer/);
    await expect(
      decideApproval(db, operator, id, { decision: "approve" }, "http://127.0.0.1:65533"),
    ).rejects.toThrow(/question to a person/);
    expect((await runRow(run.id)).status).toBe("waiting_input");
  });

  it("a dry run asks nobody: the model is told so and goes on", async () => {
    const { run, question } = await parkedQuestion({ dryRun: true });
    expect(question).toBeUndefined();
    expect(run.status).not.toBe("waiting_input");
    const [step] = await toolStepsOf(db, run.id);
    expect(step).toMatchObject({ toolName: "ask_person", status: "ok", result: { answered: false } });
  });

  it("the demo support agent asks how much to refund when a ticket leaves it open, and refunds what it is told", async () => {
    const { operator, tenantId } = await demoTenant(db, { keepRequiredEvidence: true });
    const engine = testEngine(db);
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1020",
    });
    expect(run.status).toBe("waiting_input");
    const [question] = await db.select().from(approvals).where(eq(approvals.runId, run.id));
    expect(question?.args.question).toMatch(/How much should I refund on order O-5018/);
    await answerQuestion(db, operator, question?.id ?? "", { answer: "Refund $20, the crack is cosmetic." });
    const ended = await driveRun(db, engine, run.id);
    expect(ended).toMatchObject({ status: "succeeded", stopReason: "completed" });
    expect(ended.output).toContain(`Asked a person how much to refund; ${operator.label} answered`);
    expect(ended.output).not.toContain("- ask_person");
    const refunds = await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId));
    expect(refunds.map((r) => [r.orderId, r.amountUsd])).toEqual([["O-5018", 20]]);
  });
});
