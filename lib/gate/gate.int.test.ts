import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { generateText, stepCountIs, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { POST as ingest } from "@/app/api/otlp/v1/traces/route";
import { connect } from "@/db/client";
import { approvals, gateCalls, receipts, runSteps, runs, spans, type ToolStepPayload } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { authenticateApiKey, createApiKey } from "@/lib/api-keys/api-keys";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { releaseKillSwitch } from "@/lib/kill/release-kill-switch";
import { sealReceipts } from "@/lib/receipts/seal";
import { verifyReceipts } from "@/lib/receipts/verify";
import { claimNextRun } from "@/lib/runtime/lease";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { GateStoppedError, gated, reportUsage, stoppable } from "./ai-sdk";
import { askGate } from "./ask";
import { GateApiError, gateClient } from "./client";
import { endOverdueGateRuns } from "./overdue";
import { startGateServer } from "./testing/gate-server";
import { fileUnreportedGateCalls } from "./unreported";

const database = await createTestDatabase();
const { db } = database;
const { tenantId, operator } = await demoTenant(db);
const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
const { key: agentKey } = await createApiKey(db, admin, { name: "outside agent", role: "operator" });
const { key: approverKey } = await createApiKey(db, admin, { name: "approver", role: "admin" });
const server = await startGateServer();
afterAll(() => server.close());

const client = gateClient({ baseUrl: server.url, apiKey: agentKey });

const usage = { inputTokens: { total: 400, noCache: 400 }, outputTokens: { total: 40, text: 40 } };
const callTurn = (id: string, name: string, args: unknown): LanguageModelV4GenerateResult => ({
  content: [{ type: "tool-call", toolCallId: id, toolName: name, input: JSON.stringify(args) }],
  finishReason: { unified: "tool-calls", raw: "tool_calls" },
  usage: usage as never,
  warnings: [],
});
const textTurn = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: usage as never,
  warnings: [],
});

/** The team's own refund tool: the effect happens here, outside Flightdeck. */
function refundTool(made: unknown[]) {
  return tool({
    description: "Refund an order",
    inputSchema: z.object({ order_id: z.string(), amount_usd: z.number(), reason: z.string() }),
    execute: async (args) => {
      made.push(args);
      return {
        refund_id: `R-${made.length}`,
        order_id: args.order_id,
        amount_usd: args.amount_usd,
        status: "issued",
      };
    },
  });
}

/** Approves the run's first pending request through the API, as an operator in the inbox would. */
async function approveWhenAsked(runId: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const [pending] = await db
      .select()
      .from(approvals)
      .where(and(eq(approvals.runId, runId), eq(approvals.status, "pending")));
    if (pending) {
      const response = await fetch(`${server.url}/api/v1/approvals/${pending.id}/decision`, {
        method: "POST",
        headers: { authorization: `Bearer ${approverKey}`, "content-type": "application/json" },
        body: JSON.stringify({ decision: "approve", comment: "checked the order" }),
      });
      expect(response.status).toBe(200);
      return pending.id;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("No approval was requested.");
}

const stepsOf = (runId: string) =>
  db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(asc(runSteps.seq));
const runOf = async (runId: string) => (await db.select().from(runs).where(eq(runs.id, runId)))[0];

describe("the gate", () => {
  it("governs an AI SDK agent that runs elsewhere: a refund above the cap waits for a person, a denied call reaches the model, the effect is receipted", async () => {
    const run = stoppable(
      await client.openRun({
        agent: "support-triage",
        input: "Refund order O-5002 in full (58 USD).",
        external_id: "job-1",
      }),
    );
    const made: unknown[] = [];
    const model = new MockLanguageModelV4({
      provider: "openai.chat",
      modelId: "gpt-5-mini",
      doGenerate: [
        callTurn("c1", "issue_refund", {
          order_id: "O-5002",
          amount_usd: 58,
          reason: "Refund requested by the customer",
        }),
        callTurn("c2", "issue_refund", {
          order_id: "O-9999",
          amount_usd: 10,
          reason: "Goodwill refund for another order",
        }),
        textTurn("Refunded 58 USD on order O-5002."),
      ],
    });
    const approving = approveWhenAsked(run.id);
    const result = await generateText({
      model,
      prompt: "Refund order O-5002 in full (58 USD).",
      tools: { issue_refund: gated(run, "issue_refund", refundTool(made)) },
      stopWhen: stepCountIs(5),
      abortSignal: run.signal,
      onStepFinish: reportUsage(run),
    });
    await approving;

    // The approved refund was made once, by the agent's own tool; the denied one never.
    expect(made).toEqual([
      { order_id: "O-5002", amount_usd: 58, reason: "Refund requested by the customer" },
    ]);
    expect(result.text).toBe("Refunded 58 USD on order O-5002.");
    // The model read the policy's refusal as the second call's error.
    const third = JSON.stringify(model.doGenerateCalls[2]?.prompt);
    expect(third).toContain("O-9999");
    expect(third).toMatch(/error/i);

    const steps = await stepsOf(run.id);
    const tools = steps.filter((s) => s.kind === "tool").map((s) => s.payload as ToolStepPayload);
    expect(tools.map((t) => [t.toolName, t.status])).toEqual([
      ["issue_refund", "ok"],
      ["issue_refund", "denied"],
    ]);
    expect(tools[0]?.approval).toMatchObject({ status: "approved", comment: "checked the order" });
    // The policy's span is its decision, not the wait for the person that followed it.
    const spanOf = async (name: string) => {
      const [span] = await db
        .select()
        .from(spans)
        .where(and(eq(spans.runId, run.id), eq(spans.name, name)));
      return (span?.endTime?.getTime() ?? 0) - (span?.startTime.getTime() ?? 0);
    };
    expect(await spanOf("policy issue_refund")).toBeLessThan(await spanOf("approval issue_refund"));
    expect(tools[0]?.receipt).toMatchObject({ refund_id: "R-1", amount_usd: 58 });
    expect(tools[1]?.result).toEqual({ error: expect.stringMatching(/.+/) });
    expect(steps.filter((s) => s.kind === "model")).toHaveLength(3);

    const recorded = await runOf(run.id);
    expect(recorded).toMatchObject({ source: "gate", externalId: "job-1", modelCalls: 3, toolCalls: 2 });
    expect(recorded?.inputTokens).toBe(1200);
    // Priced at the price table's openai:gpt-5-mini: the agent's spend is on the dashboards.
    expect(recorded?.costUsd).toBeGreaterThan(0);

    // The answer claims the refund through the call that made it: proven by its receipt.
    const [call] = await db
      .select()
      .from(gateCalls)
      .where(and(eq(gateCalls.runId, run.id), eq(gateCalls.status, "done")));
    const finished = await run.finish({
      answer: result.text,
      claims: [{ call_id: call?.id ?? "", facts: { amount_usd: 58, order_id: "O-5002" } }],
    });
    expect(finished).toMatchObject({ status: "succeeded", stop_reason: "completed" });

    await sealReceipts(db.$client, tenantId);
    expect(await verifyReceipts(db, tenantId)).toMatchObject({ ok: true });
    expect(await db.select().from(receipts).where(eq(receipts.runId, run.id))).toHaveLength(1);
  });

  it("ends a run killed while its call waits for a person: the agent is told killed and its loop stops", async () => {
    const run = stoppable(
      await client.openRun({ agent: "support-triage", input: "Refund order O-5002 (58 USD)." }),
    );
    const made: unknown[] = [];
    const model = new MockLanguageModelV4({
      doGenerate: [
        callTurn("k1", "issue_refund", {
          order_id: "O-5002",
          amount_usd: 58,
          reason: "Refund requested by the customer",
        }),
        textTurn("never reached"),
      ],
    });
    const killing = (async () => {
      for (let i = 0; i < 200; i++) {
        const [pending] = await db.select().from(approvals).where(eq(approvals.runId, run.id));
        if (pending) {
          await engageKillSwitch(db, operator, {
            scope: "run",
            target: run.id,
            reason: "customer called back",
          });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const loop = generateText({
      model,
      prompt: "Refund order O-5002",
      tools: { issue_refund: gated(run, "issue_refund", refundTool(made)) },
      stopWhen: stepCountIs(5),
      abortSignal: run.signal,
    });
    await expect(loop).rejects.toThrow();
    await killing;
    expect(run.signal.aborted).toBe(true);
    expect(run.signal.reason).toBeInstanceOf(GateStoppedError);
    expect(made).toEqual([]);
    expect(await runOf(run.id)).toMatchObject({ status: "killed", stopReason: "killed" });
    const [root] = await db
      .select()
      .from(spans)
      .where(and(eq(spans.runId, run.id), isNull(spans.parentSpanId)));
    expect(root?.endTime).not.toBeNull();
    expect(model.doGenerateCalls).toHaveLength(1);
    await expect(run.ask({ tool: "get_order", args: { order_id: "O-5002" } })).resolves.toMatchObject({
      decision: "killed",
      message: expect.stringMatching(/customer called back/),
    });
  });

  it("tells a following agent of a kill at once, while it is busy between calls", async () => {
    const run = stoppable(await client.openRun({ agent: "support-triage", input: "Look at order O-5001." }));
    const seen: string[] = [];
    const watching = (async () => {
      for await (const event of client.run(run.id).events()) seen.push(event.decision ?? event.status);
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [agentRow] = await db.select({ agentId: runs.agentId }).from(runs).where(eq(runs.id, run.id));
    const agentId = agentRow?.agentId ?? "";
    const seenAt = async (count: number) => {
      for (let i = 0; i < 60 && seen.length < count; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await engageKillSwitch(db, operator, { scope: "agent", target: agentId, reason: "pause for a look" });
    await seenAt(2);
    await releaseKillSwitch(db, operator, { scope: "agent", target: agentId });
    await seenAt(3);
    const killedAt = Date.now();
    await engageKillSwitch(db, operator, { scope: "run", target: run.id, reason: "wrong customer" });
    await new Promise<void>((resolve, reject) => {
      if (run.signal.aborted) return resolve();
      const timer = setTimeout(() => reject(new Error("The agent was not told within 3 s.")), 3_000);
      run.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    expect(Date.now() - killedAt).toBeLessThan(3_000);
    expect(run.signal.reason).toMatchObject({
      decision: { decision: "killed", message: expect.stringMatching(/wrong customer/) },
    });
    await watching;
    expect(seen).toEqual(["running", "paused", "running", "killed"]);
  });

  it("stops a run whose reported usage used up its budget: the next call answers budget_exhausted", async () => {
    const run = await client.openRun({
      agent: "support-triage",
      input: "Look at order O-5001.",
      limits: { max_tokens: 1_000 },
    });
    const allowed = await run.ask({ tool: "get_order", args: { order_id: "O-5001" } });
    expect(allowed).toMatchObject({ decision: "allow", idempotency_key: expect.stringContaining(run.id) });
    await run.reportResult(allowed.call_id ?? "", {
      status: "ok",
      output: { order_id: "O-5001", status: "delivered" },
    });
    await run.reportUsage({ input_tokens: 900, output_tokens: 200 });
    const next = await run.ask({ tool: "get_order", args: { order_id: "O-5001" } });
    expect(next).toMatchObject({
      decision: "budget_exhausted",
      message: expect.stringMatching(/Token budget/),
    });
    expect(await runOf(run.id)).toMatchObject({ status: "stopped", stopReason: "budget_tokens" });
    // The result of a call allowed before the end is still recorded: no effect without its receipt.
    expect((await stepsOf(run.id)).map((s) => s.kind)).toEqual(["tool", "model"]);
  });

  it("refuses what it must: unknown tools and invalid arguments are denied and recorded, results only for allowed calls, once", async () => {
    const run = await client.openRun({ agent: "support-triage", input: "Check order O-5001." });
    await expect(run.ask({ tool: "drop_database", args: {} })).resolves.toMatchObject({
      decision: "deny",
      message: expect.stringMatching(/no tool named "drop_database"/),
    });
    await expect(run.ask({ tool: "get_order", args: { order_id: 7 } })).resolves.toMatchObject({
      decision: "deny",
      message: expect.stringMatching(/Invalid arguments/),
    });
    const allowed = await run.ask({ tool: "get_order", args: { order_id: "O-5001" } });
    await run.reportResult(allowed.call_id ?? "", { status: "ok", output: { order_id: "O-5001" } });
    await expect(run.reportResult(allowed.call_id ?? "", { status: "ok" })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/already recorded/),
    });
    const pending = await run.ask({
      tool: "issue_refund",
      args: { order_id: "O-5001", amount_usd: 24.5, reason: "Refund requested by the customer" },
    });
    if (pending.decision === "pending")
      await expect(run.reportResult(pending.call_id ?? "", { status: "ok" })).rejects.toMatchObject({
        status: 409,
      });
    const steps = await stepsOf(run.id);
    expect(steps.map((s) => (s.payload as ToolStepPayload).status)).toEqual(
      expect.arrayContaining(["unknown_tool", "invalid", "ok"]),
    );
    expect(await runOf(run.id)).toMatchObject({ securityAttempts: 1, invalidCalls: 1 });

    // Another tenant's key sees no such run.
    const other = await demoTenant(db);
    const otherAdmin = await createMember(
      db,
      { id: other.tenantId, name: other.operator.tenantName },
      "admin",
    );
    const { key } = await createApiKey(db, otherAdmin, { name: "other", role: "operator" });
    const stranger = gateClient({ baseUrl: server.url, apiKey: key }).run(run.id);
    await expect(stranger.ask({ tool: "get_order", args: { order_id: "O-5001" } })).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      gateClient({ baseUrl: server.url, apiKey: agentKey }).run("not-a-run").finish({ answer: "x" }),
    ).rejects.toBeInstanceOf(GateApiError);
  });

  it("answers a retried ask and a result sent again as the first time, without a second call or step", async () => {
    const run = await client.openRun({ agent: "support-triage", input: "Check order O-5001." });
    const post = (path: string, key: string, body: unknown) =>
      fetch(`${server.url}/api/v1/gate/runs/${run.id}${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${agentKey}`,
          "content-type": "application/json",
          "idempotency-key": key,
        },
        body: JSON.stringify(body),
      });
    const read = { tool: "get_order", args: { order_id: "O-5001" } };
    const first = await post("/calls", "ask-1", read);
    const firstAnswer = await first.json();
    expect(firstAnswer).toMatchObject({ decision: "allow" });
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await post("/calls", "ask-1", read);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(firstAnswer);
    const reused = await post("/calls", "ask-1", { tool: "get_order", args: { order_id: "O-5002" } });
    expect(reused.status).toBe(422);
    expect((await reused.json()).error.message).toMatch(/already used for a different request/);

    const refused = { tool: "drop_database", args: {} };
    const denied = await (await post("/calls", "ask-2", refused)).json();
    expect(denied).toMatchObject({ decision: "deny" });
    expect(await (await post("/calls", "ask-2", refused)).json()).toEqual(denied);
    const calls = await db.select().from(gateCalls).where(eq(gateCalls.runId, run.id));
    expect(calls).toHaveLength(2);
    expect(await stepsOf(run.id)).toHaveLength(1);

    const result = { status: "ok", output: { order_id: "O-5001" }, receipt: { order_id: "O-5001" } };
    const reported = await post(`/calls/${firstAnswer.call_id}/result`, "report-1", result);
    const recorded = await reported.json();
    expect(recorded).toMatchObject({ call_id: firstAnswer.call_id, receipt: true });
    // Sent again, even under a new key (the call is its identity): the first answer, no second step.
    const resent = await post(`/calls/${firstAnswer.call_id}/result`, "report-2", result);
    expect(resent.headers.get("idempotent-replayed")).toBe("true");
    expect(await resent.json()).toEqual(recorded);
    expect(await stepsOf(run.id)).toHaveLength(2);
    expect((await post(`/calls/${firstAnswer.call_id}/result`, "report-3", { status: "ok" })).status).toBe(
      409,
    );

    // A retry that the run's end overtook still gets the answer its ask was given; a new ask is told.
    await engageKillSwitch(db, operator, { scope: "run", target: run.id, reason: "done testing" });
    expect(await (await post("/calls", "ask-1", read)).json()).toEqual(firstAnswer);
    expect(await (await post("/calls", "ask-3", read)).json()).toMatchObject({ decision: "killed" });
  });

  it("never allows a call on a run that was stopped while the call was being decided", async () => {
    const run = await client.openRun({ agent: "support-triage", input: "Check order O-5001." });
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    // The run's row is locked by a stop in progress (in another process) when the call is about to
    // be recorded.
    const elsewhere = connect(database.url, { max: 1 });
    const stopping = elsewhere.db.transaction(async (tx) => {
      await tx.select().from(runs).where(eq(runs.id, run.id)).for("update");
      await stopped;
      await tx
        .update(runs)
        .set({ status: "killed", stopReason: "killed", error: "stopped mid-decision" })
        .where(eq(runs.id, run.id));
    });
    // Asked on a pool of its own (a server process of its own), so nothing else waits with it.
    const server2 = connect(database.url, { max: 2 });
    const actor = await authenticateApiKey(server2.db, agentKey);
    if (!actor) throw new Error("The agent's key does not authenticate.");
    const asking = askGate(
      server2.db,
      actor,
      run.id,
      { tool: "get_order", args: { order_id: "O-5001" } },
      server.url,
    ).then((answered) => answered.body);
    try {
      await expect
        .poll(
          async () => {
            const waiting = await db.execute<{ n: number }>(
              sql`select count(*)::int as n from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'
                  and query like '%insert into gate_calls%'`,
            );
            return waiting[0]?.n;
          },
          { timeout: 15_000 },
        )
        .toBe(1);
    } finally {
      stop();
      await stopping;
    }
    await expect(asking).resolves.toMatchObject({ decision: "killed", message: "stopped mid-decision" });
    await Promise.all([elsewhere.close(), server2.close()]);
    expect(await db.select().from(gateCalls).where(eq(gateCalls.runId, run.id))).toEqual([]);
  });

  it("asks a person about a call its agent never reported once the run ended, and withdraws the question when the report comes after all", async () => {
    const run = await client.openRun({ agent: "support-triage", input: "Check order O-5001." });
    const read = { tool: "get_order", args: { order_id: "O-5001" } };
    const silent = await run.ask(read);
    const late = await run.ask(read);
    await engageKillSwitch(db, operator, { scope: "run", target: run.id, reason: "agent went silent" });
    // The agent may still report within the grace period: nobody is asked yet.
    expect(await fileUnreportedGateCalls(db)).toBe(0);
    expect(await fileUnreportedGateCalls(db, 0)).toBe(2);
    expect(await fileUnreportedGateCalls(db, 0)).toBe(0);
    const asked = await db
      .select()
      .from(approvals)
      .where(and(eq(approvals.runId, run.id), eq(approvals.kind, "reconcile")));
    expect(asked.map((a) => [a.toolCallId, a.status]).sort()).toEqual(
      [
        [silent.call_id, "pending"],
        [late.call_id, "pending"],
      ].sort(),
    );
    expect(asked[0]?.reason).toMatch(/never reported its result .* whether it took effect is unknown/);
    const silentRequest = asked.find((a) => a.toolCallId === silent.call_id);
    if (!silentRequest) throw new Error("No request for the silent call.");
    // It ran elsewhere: Flightdeck cannot retry it, a person says whether it happened.
    await expect(
      decideApproval(db, operator, silentRequest.id, { decision: "approve" }, server.url),
    ).rejects.toMatchObject({ code: "conflict" });
    await decideApproval(db, operator, silentRequest.id, { decision: "mark_done" }, server.url);

    await run.reportResult(late.call_id ?? "", { status: "ok", output: { order_id: "O-5001" } });
    const [withdrawn] = await db
      .select()
      .from(approvals)
      .where(and(eq(approvals.runId, run.id), eq(approvals.toolCallId, late.call_id ?? "")));
    expect(withdrawn).toMatchObject({
      status: "cancelled",
      comment: "The agent reported the call's result.",
    });
    expect(await stepsOf(run.id)).toHaveLength(1);
  });

  it("holds a paused agent's run: calls answer paused until the release, then go on", async () => {
    const run = await client.openRun({ agent: "support-triage", input: "Check order O-5001." });
    const [agentRow] = await db.select({ agentId: runs.agentId }).from(runs).where(eq(runs.id, run.id));
    await engageKillSwitch(db, operator, {
      scope: "agent",
      target: agentRow?.agentId ?? "",
      reason: "maintenance window",
    });
    await expect(run.ask({ tool: "get_order", args: { order_id: "O-5001" } })).resolves.toMatchObject({
      decision: "paused",
    });
    expect(await runOf(run.id)).toMatchObject({ status: "paused" });
    await releaseKillSwitch(db, operator, { scope: "agent", target: agentRow?.agentId ?? "" });
    expect(await runOf(run.id)).toMatchObject({ status: "running" });
    await expect(run.ask({ tool: "get_order", args: { order_id: "O-5001" } })).resolves.toMatchObject({
      decision: "allow",
    });
  });

  it("a freeze holds gate runs and leaves observed runs alone; no worker ever claims either", async () => {
    const gateRun = await client.openRun({ agent: "support-triage", input: "Check order O-5001." });
    const { key: ingestKey } = await createApiKey(db, admin, { name: "collector", purpose: "ingest" });
    const traceId = "ab".repeat(16);
    const now = String(BigInt(Date.now()) * 1_000_000n);
    const sent = await ingest(
      new Request("http://localhost/api/otlp/v1/traces", {
        method: "POST",
        headers: { authorization: `Bearer ${ingestKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          resourceSpans: [
            {
              resource: { attributes: [{ key: "service.name", value: { stringValue: "billing-bot" } }] },
              scopeSpans: [
                {
                  spans: [
                    {
                      traceId,
                      spanId: "cd".repeat(8),
                      parentSpanId: "ef".repeat(8),
                      name: "chat gpt-5-mini",
                      startTimeUnixNano: now,
                      endTimeUnixNano: now,
                      attributes: [{ key: "gen_ai.operation.name", value: { stringValue: "chat" } }],
                    },
                  ],
                },
              ],
            },
          ],
        }),
      }),
    );
    expect(sent.status).toBe(200);
    const [observed] = await db.select().from(runs).where(eq(runs.traceId, traceId));
    expect(observed).toMatchObject({ source: "otlp", status: "running" });

    await engageKillSwitch(db, operator, { scope: "tenant", reason: "audit" });
    expect(await runOf(gateRun.id)).toMatchObject({ status: "paused" });
    expect(await runOf(observed?.id ?? "")).toMatchObject({ status: "running" });
    await releaseKillSwitch(db, operator, { scope: "tenant" });
    expect(await runOf(gateRun.id)).toMatchObject({ status: "running" });
    expect(await runOf(observed?.id ?? "")).toMatchObject({ status: "running" });
    expect(await claimNextRun(db, "test-worker", 30)).toBeNull();
  });

  it("takes a run's waiting requests out of the inbox when the agent finishes it", async () => {
    const run = await client.openRun({ agent: "support-triage", input: "Refund order O-5002 (58 USD)." });
    const pending = await run.ask({
      tool: "issue_refund",
      args: { order_id: "O-5002", amount_usd: 58, reason: "Refund requested by the customer" },
    });
    expect(pending.decision).toBe("pending");
    await run.finish({ error: "The customer withdrew the request." });
    const [request] = await db.select().from(approvals).where(eq(approvals.runId, run.id));
    expect(request).toMatchObject({ status: "cancelled", comment: "The run ended (reported_error)." });
    await expect(run.callState(pending.call_id ?? "")).resolves.toMatchObject({ decision: "killed" });
  });

  it("ends a run whose agent went quiet past its time limit, and cancels what it waited for", async () => {
    const run = await client.openRun({ agent: "support-triage", input: "Refund order O-5002 (58 USD)." });
    const pending = await run.ask({
      tool: "issue_refund",
      args: { order_id: "O-5002", amount_usd: 58, reason: "Refund requested by the customer" },
    });
    expect(pending.decision).toBe("pending");
    await db
      .update(runs)
      .set({ startedAt: new Date(Date.now() - 24 * 3600_000) })
      .where(eq(runs.id, run.id));
    expect(await endOverdueGateRuns(db)).toBeGreaterThanOrEqual(1);
    expect(await runOf(run.id)).toMatchObject({ status: "stopped", stopReason: "budget_time" });
    await expect(run.callState(pending.call_id ?? "")).resolves.toMatchObject({ decision: "killed" });
  });
});
