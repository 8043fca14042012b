import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  agents,
  approvals,
  demoOutbox,
  demoRefunds,
  demoTickets,
  type ModelStepPayload,
  runSteps,
  runs,
} from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { answerQuestion } from "@/lib/approvals/answer-question";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { releaseKillSwitch } from "@/lib/kill/release-kill-switch";
import { replayRun } from "@/lib/runs/replay-run";
import { sendRunMessage } from "@/lib/runs/send-run-message";
import { startRun } from "@/lib/runs/start-run";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimNextRun } from "@/lib/runtime/lease";
import {
  claimUntil,
  demoTenant,
  driveRun,
  fixedModel,
  runToEnd,
  testEngine,
  toolCallTurn,
} from "@/lib/runtime/testing/engine-harness";
import { readTraceSpans } from "@/lib/telemetry/trace-spans";
import { workflowFromData } from "./from-data";
import { registerWorkflow } from "./registry";

const { db } = await createTestDatabase();
const engine = testEngine(db);

/** The nodes a run's steps belong to, in order (a tool step: its node's call, as `node:tool`). */
async function nodesOf(runId: string): Promise<string[]> {
  const rows = await db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(asc(runSteps.seq));
  return rows.flatMap((r) =>
    r.kind === "model" ? [(r.payload as ModelStepPayload).workflow?.node ?? "?"] : [],
  );
}

/** The refund workflow's nodes on a refund's way, in order. */
const REFUND_PATH = [
  "ticket_id",
  "read_ticket",
  "classify",
  "read_order",
  "decide",
  "refund",
  "notify",
  "done",
];

const readRun = async (id: string) => (await db.select().from(runs).where(eq(runs.id, id)))[0];

async function approveAll(runId: string, operator: Parameters<typeof decideApproval>[1]) {
  const pending = await db
    .select()
    .from(approvals)
    .where(and(eq(approvals.runId, runId), eq(approvals.status, "pending")));
  for (const a of pending)
    await decideApproval(db, operator, a.id, { decision: "approve" }, engine.appBaseUrl);
  return pending;
}

/** An agent of the tenant that follows `workflow` (a test's own, registered here). */
async function workflowAgent(tenantId: string, name: string, workflow: string, tools: string[] = []) {
  await db.insert(agents).values({
    tenantId,
    name,
    model: "sim:default",
    instructions: `Follows ${workflow}.`,
    tools,
    workflow,
    dryRun: false,
  });
}

describe("the demo refund workflow", () => {
  it("classifies, looks up, refunds under the cap with a receipt, emails and closes, traced as a tree", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const run = await runToEnd(db, engine, operator, { agent: "refund-workflow", input: "Resolve T-1030" });
    expect(run).toMatchObject({ status: "succeeded", stopReason: "completed", modelCalls: 1 });
    expect(run.output).toBe(
      "Refunded $16.00 on O-5021, emailed noah.williams@example.org and resolved T-1030.",
    );
    expect(await nodesOf(run.id)).toEqual(REFUND_PATH);
    const refunds = await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId));
    expect(refunds).toMatchObject([{ orderId: "O-5021", amountUsd: 16 }]);
    const steps = await db.select().from(runSteps).where(eq(runSteps.runId, run.id));
    const refundStep = steps.find(
      (s) => s.kind === "tool" && (s.payload as { toolName: string }).toolName === "issue_refund",
    );
    expect((refundStep?.payload as { receipt: unknown } | undefined)?.receipt).toBeTruthy();
    const [mail] = await db.select().from(demoOutbox).where(eq(demoOutbox.tenantId, tenantId));
    expect(mail?.to).toBe("noah.williams@example.org");
    const [ticket] = await db
      .select()
      .from(demoTickets)
      .where(and(eq(demoTickets.tenantId, tenantId), eq(demoTickets.id, "T-1030")));
    expect(ticket?.status).toBe("resolved");

    // run → node → call: every model and tool span hangs under its node's span.
    const tree = await readTraceSpans(db, run);
    const byId = new Map(tree.map((s) => [s.spanId, s]));
    const nodeSpans = tree.filter((s) => s.name.startsWith("workflow_node "));
    expect(nodeSpans.map((s) => s.name)).toContain("workflow_node refund");
    const refundSpan = tree.find((s) => s.name === "execute_tool issue_refund");
    expect(byId.get(refundSpan?.parentSpanId ?? "")?.name).toBe("workflow_node refund");
    const chat = tree.find((s) => s.name.startsWith("chat "));
    expect(byId.get(chat?.parentSpanId ?? "")?.name).toBe("workflow_node classify");
    expect(byId.get(nodeSpans[0]?.parentSpanId ?? "")?.name).toBe("invoke_agent refund-workflow");
  });

  it("holds a refund above the cap for a person, then goes on once approved", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const parked = await runToEnd(db, engine, operator, {
      agent: "refund-workflow",
      input: "Resolve T-1031",
    });
    expect(parked.status).toBe("waiting_approval");
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(0);
    expect(await approveAll(parked.id, operator)).toHaveLength(1);
    const done = await driveRun(db, engine, parked.id);
    expect(done).toMatchObject({ status: "succeeded", stopReason: "completed" });
    const refunds = await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId));
    expect(refunds).toMatchObject([{ orderId: "O-5022", amountUsd: 85 }]);
  });

  it("stops when the person rejects the refund", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const parked = await runToEnd(db, engine, operator, {
      agent: "refund-workflow",
      input: "Resolve T-1031",
    });
    const [request] = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
    await decideApproval(
      db,
      operator,
      request?.id ?? "",
      { decision: "reject", comment: "Ask for photos first." },
      engine.appBaseUrl,
    );
    const done = await driveRun(db, engine, parked.id);
    expect(done).toMatchObject({ status: "stopped", stopReason: "approval_rejected" });
    expect(done.error).toContain('Node "refund": issue_refund was rejected by a person');
    expect(await db.select().from(demoOutbox).where(eq(demoOutbox.tenantId, tenantId))).toHaveLength(0);
  });

  it("hands a ticket that asks for no refund to a person", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const run = await runToEnd(db, engine, operator, { agent: "refund-workflow", input: "Resolve T-1002" });
    expect(run).toMatchObject({ status: "succeeded", output: "T-1002 needs a person: marked pending." });
    expect(await nodesOf(run.id)).toEqual(["ticket_id", "read_ticket", "classify", "escalate", "done"]);
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(0);
  });

  it("fails clearly when the goal names no ticket", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(db, engine, operator, {
      agent: "refund-workflow",
      input: "Resolve the ticket",
    });
    expect(run).toMatchObject({ status: "failed", stopReason: "invalid_input" });
    expect(run.error).toContain('Node "ticket_id": name a ticket in the goal');
  });

  it("resumes after a crash from its last committed step, repeating none", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const queued = await startRun(db, operator, { agent: "refund-workflow", input: "Resolve T-1030" });
    // The process dies right after its sixth step (the refund's result) commits.
    const dying = new AbortController();
    let committed = 0;
    const crashing = testEngine(db, {
      observe: () => {
        committed += 1;
        if (committed === 6) dying.abort(new Error("process died"));
      },
    });
    await executeRun(crashing, await claimUntil(db, crashing, queued.id), dying.signal);
    const crashed = await readRun(queued.id);
    expect(crashed).toMatchObject({ status: "running" });
    expect(crashed?.lastSeq).toBeGreaterThanOrEqual(6);
    await db
      .update(runs)
      .set({ leaseExpiresAt: sql`now() - interval '1 second'` })
      .where(eq(runs.id, queued.id));
    const done = await driveRun(db, engine, queued.id);
    expect(done).toMatchObject({ status: "succeeded", stopReason: "completed" });
    expect(await nodesOf(queued.id)).toEqual(REFUND_PATH);
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(1);
    expect(await db.select().from(demoOutbox).where(eq(demoOutbox.tenantId, tenantId))).toHaveLength(1);
  });

  it("is killed while it waits for a person, and reads no messages", async () => {
    const { operator } = await demoTenant(db);
    const parked = await runToEnd(db, engine, operator, {
      agent: "refund-workflow",
      input: "Resolve T-1031",
    });
    expect(parked.status).toBe("waiting_approval");
    await expect(
      sendRunMessage(db, operator, parked.id, { message: "Refund 20 only" }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("follows the workflow refund"),
    });
    await engageKillSwitch(db, operator, { scope: "run", target: parked.id, reason: "wrong ticket" });
    expect(await readRun(parked.id)).toMatchObject({ status: "killed", stopReason: "killed" });
  });

  it("is held by a pause and finishes from where it stood once resumed", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const parked = await runToEnd(db, engine, operator, {
      agent: "refund-workflow",
      input: "Resolve T-1031",
    });
    await engageKillSwitch(db, operator, { scope: "agent", target: "refund-workflow", reason: "audit" });
    await approveAll(parked.id, operator);
    // No worker takes it while the agent is paused.
    const claimed = await claimNextRun(db, engine.owner, engine.leaseSeconds);
    expect(claimed?.id).not.toBe(parked.id);
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(0);
    await releaseKillSwitch(db, operator, { scope: "agent", target: "refund-workflow", reason: "done" });
    for (let i = 0; i < 50 && (await readRun(parked.id))?.status !== "succeeded"; i++) {
      await executeRun(engine, await claimUntil(db, engine, parked.id), new AbortController().signal);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await readRun(parked.id)).toMatchObject({ status: "succeeded" });
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(1);
  });

  it("replays a finished run on its recorded results, executing nothing", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const run = await runToEnd(db, engine, operator, { agent: "refund-workflow", input: "Resolve T-1030" });
    const replay = await replayRun(db, operator, run.id, { mode: "recorded" });
    const replayed = await driveRun(db, engine, replay.id);
    expect(replayed).toMatchObject({ status: "succeeded", output: run.output });
    expect(await nodesOf(replay.id)).toEqual(await nodesOf(run.id));
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(1);
  });

  it("replays from a step as a dry run: the copied nodes stand, the rest run again, under today's policy", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const run = await runToEnd(db, engine, operator, { agent: "refund-workflow", input: "Resolve T-1002" });
    const fork = await replayRun(db, operator, run.id, { mode: "dry_run", fromStep: 3 });
    expect(await driveRun(db, engine, fork.id)).toMatchObject({ status: "succeeded", output: run.output });
    expect(await nodesOf(fork.id)).toEqual(await nodesOf(run.id));
    const rows = await db
      .select()
      .from(runSteps)
      .where(eq(runSteps.runId, fork.id))
      .orderBy(asc(runSteps.seq));
    expect(rows.slice(0, 3).every((r) => (r.payload as { inheritedFrom?: unknown }).inheritedFrom)).toBe(
      true,
    );
    const note = rows.find((r) => (r.payload as { toolName?: string }).toolName === "update_ticket");
    expect(note?.payload).toMatchObject({ preview: true });

    // The refund already made is not made twice: the policy refuses the replay's, and says why.
    const refunded = await runToEnd(db, engine, operator, {
      agent: "refund-workflow",
      input: "Resolve T-1030",
    });
    const again = await driveRun(
      db,
      engine,
      (await replayRun(db, operator, refunded.id, { mode: "dry_run" })).id,
    );
    expect(again).toMatchObject({ status: "stopped", stopReason: "policy_denied" });
    expect(again.error).toBe(
      'Node "refund": issue_refund was denied: Denied by policy "second-refund-same-order".',
    );
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(1);
  });

  it("stops a model node that answers without its structured output: no progress", async () => {
    const { operator } = await demoTenant(db);
    const prose = new MockLanguageModelV4({
      doGenerate: {
        content: [{ type: "text", text: "This looks like a refund request." }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: { inputTokens: { total: 10, noCache: 10 }, outputTokens: { total: 5, text: 5 } } as never,
        warnings: [],
      },
    });
    const run = await runToEnd(db, testEngine(db, { resolveModel: fixedModel(prose) }), operator, {
      agent: "refund-workflow",
      input: "Resolve T-1030",
    });
    expect(run).toMatchObject({ status: "stopped", stopReason: "no_progress" });
    expect(run.error).toContain("without recording the structured output");

    const misfit = new MockLanguageModelV4({
      doGenerate: toolCallTurn("o1", "record_output", { category: "refund", amount_usd: "lots" }),
    });
    const wrong = await runToEnd(db, testEngine(db, { resolveModel: fixedModel(misfit) }), operator, {
      agent: "refund-workflow",
      input: "Resolve T-1030",
    });
    expect(wrong).toMatchObject({ status: "stopped", stopReason: "no_progress" });
    expect(wrong.error).toContain("does not match the node's schema: amount_usd:");
    const steps = await db.select().from(runSteps).where(eq(runSteps.runId, wrong.id));
    const classify = steps.find((r) => (r.payload as ModelStepPayload).workflow?.node === "classify");
    expect((classify?.payload as ModelStepPayload | undefined)?.workflow?.output).toEqual({
      category: "refund",
      amount_usd: "lots",
    });
  });
});

const pass = (d: { out: Readonly<Record<string, unknown>> }) =>
  (d.out.pages as { iterations: number }).iterations;

// Counts its function node's runs across processes: a committed output is never computed again.
let computed = 0;

registerWorkflow({
  name: "test-loop",
  description: "Reads the knowledge base until it has three results, at most four times.",
  start: "seed",
  nodes: [
    {
      id: "seed",
      kind: "function",
      run: () => {
        computed += 1;
        return { topic: "refund" };
      },
      next: "pages",
    },
    {
      id: "pages",
      kind: "loop",
      body: "read",
      until: (d) => ((d.out.pages as { iterations: number }).iterations ?? 0) >= 3,
      max: 4,
      next: "check",
    },
    {
      id: "read",
      kind: "parallel",
      calls: {
        // The engine's loop guard still stops identical calls: each pass asks something new.
        kb: {
          tool: "search_kb",
          args: (d) => ({ query: `${(d.out.seed as { topic: string }).topic} ${pass(d)}` }),
        },
        ticket: {
          tool: "get_ticket",
          args: (d) => ({ ticket_id: ["T-1002", "T-1003", "T-1006"][pass(d) - 1] }),
        },
      },
      next: "pages",
    },
    {
      id: "check",
      kind: "branch",
      choose: (d) => ((d.out.pages as { exhausted: boolean }).exhausted ? "bound" : "enough"),
      cases: { bound: "gave_up", enough: "answer" },
    },
    { id: "gave_up", kind: "end", answer: () => "bound reached" },
    {
      id: "answer",
      kind: "end",
      answer: (d) => `read ${(d.out.pages as { iterations: number }).iterations} times`,
    },
  ],
});

registerWorkflow({
  name: "test-bound",
  description: "A loop that never meets its condition stops at its bound.",
  start: "pages",
  nodes: [
    { id: "pages", kind: "loop", body: "read", until: () => false, max: 2, next: "check" },
    {
      id: "read",
      kind: "tool",
      call: { tool: "search_kb", args: () => ({ query: "shipping" }) },
      next: "pages",
    },
    {
      id: "check",
      kind: "branch",
      choose: (d) => ((d.out.pages as { exhausted: boolean }).exhausted ? "bound" : "enough"),
      cases: { bound: "gave_up", enough: "answer" },
    },
    { id: "gave_up", kind: "end", answer: (d) => `bound reached after ${JSON.stringify(d.out.pages)}` },
    { id: "answer", kind: "end", answer: () => "enough" },
  ],
});

async function runWorkflow(db_: Db, name: string, tools: string[]) {
  const { operator, tenantId } = await demoTenant(db_);
  await workflowAgent(tenantId, name, name, tools);
  return runToEnd(db_, engine, operator, { agent: name, input: "go" });
}

describe("a workflow's branches, parallel calls and loops", () => {
  it("runs a loop's body until its condition holds, joining parallel calls each time", async () => {
    computed = 0;
    const run = await runWorkflow(db, "test-loop", ["search_kb", "get_ticket"]);
    expect(run).toMatchObject({ status: "succeeded", output: "read 3 times", toolCalls: 6 });
    expect(await nodesOf(run.id)).toEqual(["seed", "read", "read", "read", "answer"]);
    expect(computed).toBe(1);
  });

  it("leaves a loop at its bound and branches on it", async () => {
    const run = await runWorkflow(db, "test-bound", ["search_kb"]);
    expect(run).toMatchObject({
      status: "succeeded",
      output: 'bound reached after {"iterations":2,"exhausted":true}',
    });
    expect(await nodesOf(run.id)).toEqual(["read", "read", "gave_up"]);
  });
});

registerWorkflow({
  name: "test-hand-off",
  description: "Asks a person which agent to use, then hands the ticket to it.",
  start: "ask",
  nodes: [
    { id: "ask", kind: "approval", question: (d) => `Who should handle: ${d.input}?`, next: "hand" },
    {
      id: "hand",
      kind: "agent",
      agent: "support-triage",
      goal: (d) => `Resolve ticket ${d.input} (${String(d.out.ask)})`,
      next: "answer",
    },
    { id: "answer", kind: "end", answer: (d) => `handed over: ${JSON.stringify(d.out.hand).slice(0, 40)}` },
  ],
});

registerWorkflow({
  name: "test-idle-agent",
  description: "Hands a task to an agent that only talks.",
  start: "hand",
  nodes: [
    { id: "hand", kind: "agent", agent: "talker", goal: () => "Have a look around.", next: "answer" },
    { id: "answer", kind: "end", answer: () => "never" },
  ],
});

describe("a workflow's approval and agent nodes", () => {
  it("waits for a person's answer, then runs another agent as a child run", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await workflowAgent(tenantId, "test-hand-off", "test-hand-off", ["ask_person", "delegate"]);
    const asked = await runToEnd(db, engine, operator, { agent: "test-hand-off", input: "T-1013" });
    expect(asked.status).toBe("waiting_input");
    const [question] = await db.select().from(approvals).where(eq(approvals.runId, asked.id));
    await answerQuestion(db, operator, question?.id ?? "", { answer: "support-triage, please" });
    expect((await driveRun(db, engine, asked.id)).status).toBe("waiting_child");
    const [child] = await db.select().from(runs).where(eq(runs.parentRunId, asked.id));
    expect(child).toMatchObject({ agentName: "support-triage" });
    expect((await driveRun(db, engine, child?.id ?? "")).status).toBe("succeeded");
    const done = await driveRun(db, engine, asked.id);
    expect(done).toMatchObject({ status: "succeeded" });
    expect(await nodesOf(asked.id)).toEqual(["ask", "hand", "answer"]);
  });

  it("stops when the agent it ran acted on nothing: no progress", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await workflowAgent(tenantId, "test-idle-agent", "test-idle-agent", ["delegate"]);
    await db
      .insert(agents)
      .values({ tenantId, name: "talker", model: "sim:default", instructions: "Talk.", dryRun: false });
    const parent = await runToEnd(db, engine, operator, { agent: "test-idle-agent", input: "go" });
    expect(parent.status).toBe("waiting_child");
    const [child] = await db.select().from(runs).where(eq(runs.parentRunId, parent.id));
    await driveRun(db, engine, child?.id ?? "");
    const done = await driveRun(db, engine, parent.id);
    expect(done).toMatchObject({ status: "stopped", stopReason: "no_progress" });
    expect(done.error).toContain("the talker run answered without a single tool call");
  });
});

registerWorkflow(
  workflowFromData({
    name: "data-triage",
    description: "Notes a ticket's classification on it, written as data.",
    start: "read",
    nodes: [
      { id: "read", kind: "tool", tool: "get_ticket", args: { ticket_id: "{{input}}" }, next: "open" },
      { id: "open", kind: "branch", on: "out.read.status", cases: { open: "classify" }, default: "closed" },
      {
        id: "classify",
        kind: "model",
        instructions: "Classify the ticket.",
        prompt: "Subject: {{out.read.subject}}\n\n{{out.read.body}}",
        schema: {
          type: "object",
          properties: {
            category: { type: "string", enum: ["refund", "question", "other"] },
            amount_usd: { type: ["number", "null"] },
            summary: { type: "string" },
          },
          required: ["category", "amount_usd", "summary"],
        },
        next: "note",
      },
      {
        id: "note",
        kind: "tool",
        tool: "update_ticket",
        args: {
          ticket_id: "{{out.read.ticket_id}}",
          status: "pending",
          note: "Classified {{out.classify.category}}, {{out.classify.amount_usd}} USD asked.",
        },
        next: "done",
      },
      { id: "done", kind: "end", answer: "{{out.read.ticket_id}}: {{out.classify.category}}" },
      { id: "closed", kind: "end", answer: "{{out.read.ticket_id}} is {{out.read.status}}: nothing to do" },
    ],
  }),
);

describe("a workflow written as data", () => {
  it("runs like one in code: a tool call, a branch, a model's typed answer, a write with its receipt", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await workflowAgent(tenantId, "data-triage", "data-triage", ["get_ticket", "update_ticket"]);
    const run = await runToEnd(db, engine, operator, { agent: "data-triage", input: "T-1004" });
    expect(run).toMatchObject({ status: "succeeded", output: "T-1004: refund" });
    const [ticket] = await db
      .select()
      .from(demoTickets)
      .where(and(eq(demoTickets.tenantId, tenantId), eq(demoTickets.id, "T-1004")));
    expect(ticket).toMatchObject({ status: "pending" });
    const closed = await runToEnd(db, engine, operator, { agent: "data-triage", input: "T-1016" });
    expect(closed).toMatchObject({ status: "succeeded", output: "T-1016 is closed: nothing to do" });
  });
});
