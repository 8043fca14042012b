import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents, approvals, type Run, runs } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { decideApproval } from "@/lib/approvals/decide-approval";
import type { Actor } from "@/lib/auth/actor";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { killWatcher } from "@/lib/kill/kill-watcher";
import { savePolicy } from "@/lib/policy/policy-versions";
import { runTree } from "@/lib/runs/run-tree";
import { childRunStarter } from "@/lib/runs/start-child-run";
import { startRun } from "@/lib/runs/start-run";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { agentSnapshotOf } from "./agent-snapshots";
import type { EngineConfig } from "./engine-config";
import { executeRun } from "./execute-run";
import { claimNextRun } from "./lease";
import {
  claimUntil,
  demoTenant,
  driveRun,
  grantTool,
  testEngine,
  toolCallTurn,
  toolStepsOf,
} from "./testing/engine-harness";

const { db } = await createTestDatabase();

// The parent runs on this model; the child on its agent's own (support-triage's), scripted apart.
const PARENT_MODEL = "openai:gpt-5-mini";

const answer = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: { inputTokens: { total: 10, noCache: 10 }, outputTokens: { total: 5, text: 5 } } as never,
  warnings: [],
});

const delegating = (agent = "support-triage", goal = "Read ticket T-1004 and say what it is about.") =>
  toolCallTurn("d1", "delegate", { agent, goal });

/** An engine whose parent (ops-health, granted delegate) and child (support-triage) answer from scripts. */
function engineFor(parent: LanguageModelV4GenerateResult[], child: LanguageModelV4GenerateResult[] = []) {
  const parentModel = new MockLanguageModelV4({ doGenerate: parent });
  const childModel = new MockLanguageModelV4({ doGenerate: child });
  return testEngine(db, {
    resolveModel: (name) => (name === PARENT_MODEL ? parentModel : childModel),
  });
}

async function scene() {
  const { operator, tenantId } = await demoTenant(db);
  await grantTool(db, tenantId, "ops-health", "delegate");
  return { operator, tenantId };
}

async function startParent(operator: Actor, limits?: Parameters<typeof startRun>[2]["limits"]) {
  return startRun(db, operator, {
    agent: "ops-health",
    input: "Have support-triage look at ticket T-1004.",
    model: PARENT_MODEL,
    limits,
  });
}

const runRow = async (id: string): Promise<Run> => {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  if (!row) throw new Error("run vanished");
  return row;
};

const childrenOf = (parentId: string) => db.select().from(runs).where(eq(runs.parentRunId, parentId));

async function onlyChild(parentId: string): Promise<Run> {
  const children = await childrenOf(parentId);
  expect(children).toHaveLength(1);
  return children[0] as Run;
}

describe("delegate", () => {
  it("starts a child run, parks the parent without a worker, and resumes it with the child's result", async () => {
    const { operator } = await scene();
    const engine = engineFor(
      [delegating(), answer("support-triage read the ticket: a damaged vase.")],
      [toolCallTurn("c1", "get_ticket", { ticket_id: "T-1004" }), answer("T-1004 is about a damaged vase.")],
    );
    const parent = await startParent(operator);
    const parked = await driveRun(db, engine, parent.id);
    expect(parked).toMatchObject({ status: "waiting_child", leaseOwner: null, stopReason: null });
    const child = await onlyChild(parent.id);
    expect(child).toMatchObject({
      status: "queued",
      agentName: "support-triage",
      tenantId: parent.tenantId,
      parentRunId: parent.id,
      parentSeq: 2,
      ancestorRunIds: [parent.id],
      input: "Read ticket T-1004 and say what it is about.",
      createdBy: `run ${parent.id.slice(0, 8)}`,
    });
    expect(child.traceId).not.toBe(parent.traceId);

    const childDone = await driveRun(db, engine, child.id);
    expect(childDone).toMatchObject({ status: "succeeded", output: "T-1004 is about a damaged vase." });
    // The child's end queued the parent again (a trigger: whatever ends a child wakes its parent).
    expect((await runRow(parent.id)).status).toBe("queued");

    const done = await driveRun(db, engine, parent.id);
    expect(done).toMatchObject({
      status: "succeeded",
      output: "support-triage read the ticket: a damaged vase.",
    });
    const [call] = await toolStepsOf(db, parent.id);
    expect(call).toMatchObject({
      toolName: "delegate",
      status: "ok",
      result: {
        child_run_id: child.id,
        agent: "support-triage",
        status: "succeeded",
        stop_reason: "completed",
        answer: "T-1004 is about a damaged vase.",
        receipts: [{ tool: "get_ticket", args: { ticket_id: "T-1004" }, receipt: { ticket_id: "T-1004" } }],
      },
      childRun: { runId: child.id, agentName: "support-triage", status: "succeeded", toolCalls: 1 },
    });
    expect(await childrenOf(parent.id)).toHaveLength(1);

    // The page's tree: the parent lists its child, the child links to its parent, the total adds up.
    const parentTree = await runTree(db, operator, done);
    expect(parentTree?.children.map((c) => [c.id, c.status, c.seq])).toEqual([[child.id, "succeeded", 2]]);
    expect(parentTree?.treeCostUsd).toBeCloseTo((done.costUsd ?? 0) + (childDone.costUsd ?? 0), 6);
    expect(parentTree?.descendants).toBe(1);
    expect((await runTree(db, operator, childDone))?.parent).toMatchObject({ id: parent.id, seq: 2 });
    const { operator: stranger } = await demoTenant(db);
    expect(await runTree(db, stranger, done)).toBeNull();
  });

  it("the demo's support-lead hands a ticket to support-triage on the simulator, and reports its run", async () => {
    const { operator } = await demoTenant(db);
    const engine = testEngine(db);
    const lead = await startRun(db, operator, {
      agent: "support-lead",
      input: "Please handle ticket T-1013.",
    });
    expect((await driveRun(db, engine, lead.id)).status).toBe("waiting_child");
    const child = await onlyChild(lead.id);
    expect(child).toMatchObject({ agentName: "support-triage", input: expect.stringContaining("T-1013") });
    expect((await driveRun(db, engine, child.id)).status).toBe("succeeded");
    const done = await driveRun(db, engine, lead.id);
    expect(done).toMatchObject({ status: "succeeded" });
    expect(done.output).toContain(`its run ${child.id.slice(0, 8)} ended succeeded`);
  });

  it("passes the policy like any call: a forbid on the agent delegated to refuses it", async () => {
    const { operator, tenantId } = await scene();
    const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
    await savePolicy(db, admin, {
      text: `${DEFAULT_POLICY}
@id("no-delegating-to-triage")
forbid (principal == Agent::"ops-health", action == Action::"delegate", resource == Agent::"support-triage");
`,
      comment: "ops-health may not hand work to support-triage",
      baseVersion: 0,
    });
    const engine = engineFor([delegating(), answer("Not allowed; stopping.")]);
    const parent = await startParent(operator);
    await driveRun(db, engine, parent.id);
    expect(await childrenOf(parent.id)).toHaveLength(0);
    const [call] = await toolStepsOf(db, parent.id);
    expect(call).toMatchObject({ toolName: "delegate", status: "denied" });
    expect(call?.policy?.policyIds).toContain("no-delegating-to-triage");
  });

  it("gives the child at most what the parent has left of each limit", async () => {
    const { operator, tenantId } = await scene();
    await db
      .update(agents)
      .set({ maxToolCalls: 2, maxSeconds: 60 })
      .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "support-triage")));
    const engine = engineFor([delegating()]);
    const parent = await startParent(operator, { maxToolCalls: 6, maxTokens: 20_000, maxSeconds: 120 });
    await driveRun(db, engine, parent.id);
    const child = await onlyChild(parent.id);
    const limits = await agentSnapshotOf(db, tenantId, child.agentSnapshotHash);
    // Tool calls: the child agent's 2 is below the parent's 5 left (6, less this call).
    expect(limits.maxToolCalls).toBe(2);
    // Tokens: the parent had no more than 20,000, and used 120 on its first turn.
    expect(limits.maxTokens).toBe(20_000 - 120);
    // Time: the child agent's 60 seconds is less than the parent's two minutes.
    expect(limits.maxSeconds).toBe(60);
    // The parent's time left is less than the child agent's: the parent's counts.
    const tight = await startParent(operator, { maxSeconds: 30 });
    await driveRun(db, engineFor([delegating()]), tight.id);
    const tightChild = await onlyChild(tight.id);
    const tightLimits = await agentSnapshotOf(db, tenantId, tightChild.agentSnapshotHash);
    expect(tightLimits.maxSeconds).toBeLessThanOrEqual(30);
    expect(tightLimits.maxSeconds).toBeGreaterThan(20);
  });

  it("a delegation that needs a person's approval starts its child once approved", async () => {
    const { operator, tenantId } = await scene();
    const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
    await savePolicy(db, admin, {
      text: `${DEFAULT_POLICY}
@id("delegating-needs-approval")
@approval("A person approves handing work to another agent")
forbid (principal, action == Action::"delegate", resource);
`,
      comment: "Delegations wait for a person",
      baseVersion: 0,
    });
    const engine = engineFor([delegating()]);
    const parent = await startParent(operator);
    expect((await driveRun(db, engine, parent.id)).status).toBe("waiting_approval");
    expect(await childrenOf(parent.id)).toHaveLength(0);
    const [request] = await db.select().from(approvals).where(eq(approvals.runId, parent.id));
    await decideApproval(db, operator, request?.id ?? "", { decision: "approve" }, "http://127.0.0.1:65533");
    expect((await driveRun(db, engine, parent.id)).status).toBe("waiting_child");
    expect((await onlyChild(parent.id)).agentName).toBe("support-triage");
  });

  it("the parent's clock, like its child's, stands still while a person decides for the child", async () => {
    const { operator } = await scene();
    const engine = engineFor([delegating(), answer("Done after a long approval.")], [answer("Handled.")]);
    const parent = await startParent(operator, { maxSeconds: 60 });
    await driveRun(db, engine, parent.id);
    const child = await onlyChild(parent.id);
    // The child waited two hours for a person (what deciding its approval records), and the parent
    // started those two hours ago.
    const twoHours = 2 * 3600 * 1000;
    await db.update(runs).set({ approvalWaitMs: twoHours }).where(eq(runs.id, child.id));
    await db
      .update(runs)
      .set({ startedAt: new Date(Date.now() - twoHours - 10_000) })
      .where(eq(runs.id, parent.id));
    expect((await driveRun(db, engine, child.id)).status).toBe("succeeded");
    expect((await runRow(parent.id)).approvalWaitMs).toBe(twoHours);
    expect(await driveRun(db, engine, parent.id)).toMatchObject({
      status: "succeeded",
      output: "Done after a long approval.",
    });
  });

  it("refuses to hand on a budget the parent has used up", async () => {
    const { operator } = await scene();
    const engine = engineFor([delegating(), answer("No tool calls left to hand on.")]);
    // One tool call: the delegate call itself, and none left for the child.
    const parent = await startParent(operator, { maxToolCalls: 1 });
    await driveRun(db, engine, parent.id);
    expect(await childrenOf(parent.id)).toHaveLength(0);
    const [call] = await toolStepsOf(db, parent.id);
    expect((call?.result as { error?: string } | undefined)?.error).toBe(
      "Too little is left of this run's tool calls to hand a task on: do it yourself or finish with what you have.",
    );
  });

  it("a run switch on the parent stops the child too, queued or running", async () => {
    const { operator } = await scene();
    const engine = engineFor([delegating()]);
    const parent = await startParent(operator);
    await driveRun(db, engine, parent.id);
    const child = await onlyChild(parent.id);
    await engageKillSwitch(db, operator, { scope: "run", target: parent.id, reason: "Wrong ticket" });
    expect((await runRow(parent.id)).status).toBe("killed");
    expect(await runRow(child.id)).toMatchObject({ status: "killed", stopReason: "killed" });

    // A child already running when the parent is stopped: its engine sees the switch and ends it.
    const other = await startParent(operator);
    await driveRun(db, engineFor([delegating()]), other.id);
    const running = await onlyChild(other.id);
    const childEngine = engineFor([], [answer("never reached")]);
    const claimed = await claimUntil(db, childEngine, running.id);
    await engageKillSwitch(db, operator, { scope: "run", target: other.id, reason: "Stop the whole task" });
    // What the switch's NOTIFY tells every engine, read now: a zero-latency model could end the run
    // before the notification arrived.
    await killWatcher(db).refresh();
    expect((await runRow(running.id)).status).toBe("running");
    await executeRun(childEngine, claimed, new AbortController().signal);
    expect(await runRow(running.id)).toMatchObject({ status: "killed", stopReason: "killed" });
    expect((await runRow(other.id)).status).toBe("killed");
  });

  it("a child that is killed answers the parent with a failed call, which the parent reads and goes on", async () => {
    const { operator } = await scene();
    const engine = engineFor([delegating(), answer("The sub-agent was stopped; nothing was done.")]);
    const parent = await startParent(operator);
    await driveRun(db, engine, parent.id);
    const child = await onlyChild(parent.id);
    await engageKillSwitch(db, operator, { scope: "run", target: child.id, reason: "Not this one" });
    expect((await runRow(parent.id)).status).toBe("queued");
    const done = await driveRun(db, engine, parent.id);
    expect(done.status).toBe("succeeded");
    const [call] = await toolStepsOf(db, parent.id);
    expect(call?.status).toBe("error");
    expect(call?.result).toMatchObject({ child_run_id: child.id, status: "killed", stop_reason: "killed" });
    expect((call?.result as { error?: string } | undefined)?.error).toContain("did not finish the task");
  });

  it("a worker that dies after the child was created resumes on it: the child is never started twice", async () => {
    const { operator } = await scene();
    const starter = childRunStarter(db);
    const shutdown = new AbortController();
    // The child commits, then the worker dies before anything else of the parent is written.
    const dying: EngineConfig = {
      ...engineFor([delegating()]),
      // Links the child as the real start does, without parking the parent.
      startChildRun: async (request) => {
        const child = await starter(request, async (tx, created) => {
          await tx
            .update(runs)
            .set({ parentRunId: request.parentRunId, parentSeq: 2, ancestorRunIds: [request.parentRunId] })
            .where(eq(runs.id, created.id));
        });
        shutdown.abort();
        throw new Error(`worker died after starting ${child.id}`);
      },
    };
    const parent = await startParent(operator);
    const claimed = await claimUntil(db, dying, parent.id);
    await executeRun(dying, claimed, shutdown.signal);
    expect((await runRow(parent.id)).status).toBe("running");
    const child = await onlyChild(parent.id);
    // Its lease runs out; another worker takes the parent up from its last committed step.
    await db
      .update(runs)
      .set({ leaseExpiresAt: sql`now() - interval '1 second'` })
      .where(eq(runs.id, parent.id));
    const resumed = await driveRun(db, engineFor([delegating()]), parent.id);
    expect(resumed.status).toBe("waiting_child");
    expect((await onlyChild(parent.id)).id).toBe(child.id);
  });

  it("refuses delegating too deep, back round to an agent on the task, or to another tenant's agent", async () => {
    const { operator } = await scene();
    const { tenantId: otherTenant } = await demoTenant(db);
    await db
      .update(agents)
      .set({ name: "billing-helper" })
      .where(and(eq(agents.tenantId, otherTenant), eq(agents.name, "ops-health")));
    const refusal = async (agent: string, setUp?: (run: Run) => Promise<void>) => {
      const engine = engineFor([delegating(agent), answer("I will do it myself.")]);
      const parent = await startParent(operator);
      await setUp?.(parent);
      const done = await driveRun(db, engine, parent.id);
      expect(done.status).toBe("succeeded");
      expect(await childrenOf(parent.id)).toHaveLength(0);
      const [call] = await toolStepsOf(db, parent.id);
      expect(call?.status).toBe("error");
      return (call?.result as { error?: string } | undefined)?.error;
    };
    expect(await refusal("billing-helper")).toBe('There is no agent named "billing-helper" in this tenant.');
    expect(await refusal("ops-health")).toContain("already working on this task");
    const deep = await refusal("support-triage", async (run) => {
      const [a, b] = await Promise.all([startParent(operator), startParent(operator)]);
      await db
        .update(runs)
        .set({ ancestorRunIds: [a.id, b.id] })
        .where(eq(runs.id, run.id));
      // The made-up ancestors are not runs anyone drives.
      await db
        .update(runs)
        .set({ status: "stopped", stopReason: "killed" })
        .where(sql`id in (${a.id}, ${b.id})`);
    });
    expect(deep).toContain("levels deep in delegation (at most 3)");
    // Nothing else was claimed on the way.
    expect(await claimNextRun(db, "nobody", 30)).toBeNull();
  });
});
