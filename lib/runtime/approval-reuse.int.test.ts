import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type Approval, approvals, demoFiles, demoOutbox, type Run, runs } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { decideApproval } from "@/lib/approvals/decide-approval";
import type { Actor } from "@/lib/auth/actor";
import { savePolicy } from "@/lib/policy/policy-versions";
import { startRun } from "@/lib/runs/start-run";
import { getTool } from "@/lib/tools/registry";
import type { AnyTool } from "@/lib/tools/types";
import type { EngineConfig } from "./engine-config";
import { LeaseLostError } from "./lease";
import {
  answerTurn,
  demoTenant,
  driveRun,
  fixedModel,
  testEngine,
  toolCallTurn,
  toolStepsOf,
} from "./testing/engine-harness";

/**
 * An approval answers exactly the call it was asked for (the step the run parked on), once; a call
 * whose outcome is unknown is reconciled, and retried, with the arguments that actually ran.
 */
const { db } = await createTestDatabase();
const APP = "http://127.0.0.1:65533";

const engineOf = (turns: LanguageModelV4GenerateResult[], overrides: Partial<EngineConfig> = {}) =>
  testEngine(db, { resolveModel: fixedModel(new MockLanguageModelV4({ doGenerate: turns })), ...overrides });

const requestsOf = (runId: string): Promise<Approval[]> =>
  db.select().from(approvals).where(eq(approvals.runId, runId)).orderBy(asc(approvals.createdAt));

async function pendingRequest(runId: string): Promise<Approval> {
  const pending = (await requestsOf(runId)).filter((r) => r.status === "pending");
  expect(pending).toHaveLength(1);
  return pending[0] as Approval;
}

const runRow = async (runId: string): Promise<Run> =>
  (await db.select().from(runs).where(eq(runs.id, runId)))[0] as Run;

async function admin(operator: Actor): Promise<Actor> {
  return createMember(db, { id: operator.tenantId, name: operator.tenantName }, "admin");
}

async function applyPolicy(operator: Actor, text: string): Promise<void> {
  await savePolicy(db, await admin(operator), { text, comment: "test policy" });
}

const outboxOf = (tenantId: string) =>
  db.select().from(demoOutbox).where(eq(demoOutbox.tenantId, tenantId)).orderBy(asc(demoOutbox.id));

async function fileContent(tenantId: string, path: string): Promise<string | undefined> {
  const [file] = await db
    .select({ content: demoFiles.content })
    .from(demoFiles)
    .where(and(eq(demoFiles.tenantId, tenantId), eq(demoFiles.path, path)));
  return file?.content;
}

const EMAIL_POLICY = `@id("reads")
permit (principal, action in [Action::"get_ticket", Action::"get_order", Action::"search_kb"], resource);

@id("email")
permit (principal, action == Action::"send_email", resource);

@id("every-email-waits")
@approval("Every email waits for a person")
forbid (principal, action == Action::"send_email", resource);
`;

const mail = (subject: string) => ({
  to: "jane.doe@example.com",
  subject,
  body: "Your refund is on its way.",
});

const writeTool = getTool("write_file") as AnyTool;
const RUNBOOK = "runbooks/oncall.md";

/** The next write_file call does not settle within the engine's grace: its outcome is unknown. */
function cutOffNextWrite(): { release: () => void } {
  const timeoutMs = writeTool.timeoutMs;
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  Object.assign(writeTool, { timeoutMs: 1_000 });
  vi.spyOn(writeTool, "execute").mockImplementationOnce(async () => {
    await held;
    throw new Error("cut off: nothing was written");
  });
  return {
    release: () => {
      Object.assign(writeTool, { timeoutMs });
      release();
    },
  };
}

/** The next write_file call dies with its process, after it was marked started: the run is left to recover. */
function crashNextWrite(): void {
  vi.spyOn(writeTool, "execute").mockImplementationOnce(async (_args, ctx) => {
    throw new LeaseLostError(ctx.runId);
  });
}

/** Another worker takes up a run whose process died: its lease has expired. */
async function recover(engine: EngineConfig, runId: string): Promise<Run> {
  await db.update(runs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(runs.id, runId));
  return driveRun(db, engine, runId);
}

afterAll(() => {
  vi.restoreAllMocks();
});

describe("an approval answers one call", () => {
  it("a later turn reusing the tool call id gets a request of its own: no second email without a person", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await applyPolicy(operator, EMAIL_POLICY);
    const engine = engineOf([
      toolCallTurn("c1", "send_email", mail("Refund")),
      // Model ids are not unique across turns: the same id, the same arguments.
      toolCallTurn("c1", "send_email", mail("Refund")),
      // And the same id with other arguments.
      toolCallTurn("c1", "send_email", mail("Refund, again")),
      answerTurn("Emailed the customer."),
    ]);
    const queued = await startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1004" });
    expect((await driveRun(db, engine, queued.id)).status).toBe("waiting_approval");
    const first = await pendingRequest(queued.id);
    await decideApproval(db, operator, first.id, { decision: "approve" }, APP);

    const second = await driveRun(db, engine, queued.id);
    expect(second.status).toBe("waiting_approval");
    expect(await outboxOf(tenantId)).toHaveLength(1);
    const again = await pendingRequest(queued.id);
    expect(again.id).not.toBe(first.id);
    expect(again).toMatchObject({ toolName: "send_email", args: mail("Refund"), kind: "approval" });
    expect(again.seq).toBeGreaterThan(first.seq);
    expect(second.approval).toMatchObject({ approvalId: again.id, status: "pending" });
    await decideApproval(db, operator, again.id, { decision: "approve" }, APP);

    const third = await driveRun(db, engine, queued.id);
    expect(third.status).toBe("waiting_approval");
    expect(await outboxOf(tenantId)).toHaveLength(2);
    const other = await pendingRequest(queued.id);
    expect(other).toMatchObject({ args: mail("Refund, again") });
    await decideApproval(db, operator, other.id, { decision: "reject", comment: "One email is enough" }, APP);

    expect((await driveRun(db, engine, queued.id)).status).toBe("succeeded");
    expect(await outboxOf(tenantId)).toHaveLength(2);
    const steps = await toolStepsOf(db, queued.id);
    expect(steps.map((s) => [s.status, s.approval?.id])).toEqual([
      ["ok", first.id],
      ["ok", again.id],
      ["rejected", other.id],
    ]);
  });

  it("a run requeued while its request waits finds the same request, not a second one", async () => {
    const { operator } = await demoTenant(db);
    await applyPolicy(operator, EMAIL_POLICY);
    const engine = engineOf([toolCallTurn("c1", "send_email", mail("Refund"))]);
    const queued = await startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1004" });
    await driveRun(db, engine, queued.id);
    const request = await pendingRequest(queued.id);
    await db.update(runs).set({ status: "queued" }).where(eq(runs.id, queued.id));
    const again = await driveRun(db, engine, queued.id);
    expect(again).toMatchObject({ status: "waiting_approval", approval: { approvalId: request.id } });
    expect((await requestsOf(queued.id)).map((r) => r.id)).toEqual([request.id]);
  });

  it("a dry run previews an approved call whose edit makes it a write, and decides a reused id again", async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const app = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { operator } = await demoTenant(db);
      await applyPolicy(
        operator,
        `@id("http-own-host")
permit (principal, action == Action::"http_request", resource) when { context.facts.own_host };

@id("every-request-waits")
@approval("Every request waits for a person")
forbid (principal, action == Action::"http_request", resource);
`,
      );
      const engine = engineOf(
        [
          // A read: a dry run runs it for real, so it waits for a person.
          toolCallTurn("c1", "http_request", { method: "GET", url: "/api/demo/health" }),
          toolCallTurn("c1", "http_request", { method: "POST", url: "/api/demo/restart", body: "now" }),
          answerTurn("Checked."),
        ],
        { appBaseUrl: app },
      );
      const queued = await startRun(db, operator, {
        agent: "ops-health",
        input: "Check the shop's health",
        dryRun: true,
      });
      expect((await driveRun(db, engine, queued.id)).status).toBe("waiting_approval");
      const request = await pendingRequest(queued.id);
      const edit = { method: "POST", url: "/api/demo/health", body: "edited" };
      await decideApproval(db, operator, request.id, { decision: "approve", args: edit }, app);

      expect((await driveRun(db, engine, queued.id)).status).toBe("succeeded");
      expect(received).toEqual([]);
      const steps = await toolStepsOf(db, queued.id);
      expect(steps[0]).toMatchObject({ args: edit, preview: true, approval: { id: request.id } });
      // The reused id is decided again, and a dry run previews what would have waited for a person.
      expect(steps[1]).toMatchObject({ preview: true, policy: { effect: "approval" } });
      expect(steps[1]?.approval).toBeUndefined();
      expect(steps[1]?.args).toMatchObject({ url: "/api/demo/restart" });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("a call whose outcome is unknown", () => {
  it("is reconciled and retried with the approver's edit; the retry's answer does not run a later call with the id", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const engine = engineOf([
      toolCallTurn("c1", "write_file", { path: RUNBOOK, content: "The model's version" }),
      toolCallTurn("c1", "write_file", { path: RUNBOOK, content: "Another rewrite" }),
      answerTurn("Wrote the runbook."),
    ]);
    const queued = await startRun(db, operator, { agent: "ops-health", input: "Update the on-call runbook" });
    expect((await driveRun(db, engine, queued.id)).status).toBe("waiting_approval");
    const request = await pendingRequest(queued.id);
    const edit = { path: RUNBOOK, content: "The approver's version" };
    await decideApproval(db, operator, request.id, { decision: "approve", args: edit }, APP);

    const cut = cutOffNextWrite();
    let parked: Run;
    try {
      parked = await driveRun(db, engine, queued.id);
    } finally {
      cut.release();
    }
    expect(parked).toMatchObject({ status: "waiting_approval", approval: { kind: "reconcile" } });
    const reconcile = await pendingRequest(queued.id);
    expect(reconcile).toMatchObject({ kind: "reconcile", seq: request.seq, args: edit });
    await decideApproval(db, operator, reconcile.id, { decision: "approve" }, APP);

    const next = await driveRun(db, engine, queued.id);
    expect(await fileContent(tenantId, RUNBOOK)).toBe(edit.content);
    // The next turn's "c1" is another call: policy decides it, and it waits for a person.
    expect(next.status).toBe("waiting_approval");
    const fresh = await pendingRequest(queued.id);
    expect(fresh).toMatchObject({ kind: "approval", args: { content: "Another rewrite" } });
    expect(fresh.seq).toBeGreaterThan(request.seq);
    const [retried] = await toolStepsOf(db, queued.id);
    expect(retried).toMatchObject({ status: "ok", approval: { id: reconcile.id } });
  });

  it("after a crash: reconciled with the edit, and a retry cut off by another crash is asked about again, not retried", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const before = await fileContent(tenantId, RUNBOOK);
    const engine = engineOf([
      toolCallTurn("c1", "write_file", { path: RUNBOOK, content: "The model's version" }),
      answerTurn("Wrote the runbook."),
    ]);
    const queued = await startRun(db, operator, { agent: "ops-health", input: "Update the on-call runbook" });
    await driveRun(db, engine, queued.id);
    const request = await pendingRequest(queued.id);
    const edit = { path: RUNBOOK, content: "The approver's version" };
    await decideApproval(db, operator, request.id, { decision: "approve", args: edit }, APP);

    crashNextWrite();
    expect((await driveRun(db, engine, queued.id)).status).toBe("running");
    expect((await runRow(queued.id)).pendingToolCall).toMatchObject({ toolCallId: "c1", seq: request.seq });
    expect(await recover(engine, queued.id)).toMatchObject({
      status: "waiting_approval",
      approval: { kind: "reconcile" },
    });
    const reconcile = await pendingRequest(queued.id);
    expect(reconcile).toMatchObject({ kind: "reconcile", args: edit });
    await decideApproval(db, operator, reconcile.id, { decision: "approve" }, APP);

    crashNextWrite();
    expect((await driveRun(db, engine, queued.id)).status).toBe("running");
    // The person's "retry" was used up when the retry started: what it did is unknown again.
    expect(await recover(engine, queued.id)).toMatchObject({
      status: "waiting_approval",
      approval: { kind: "reconcile" },
    });
    expect(await fileContent(tenantId, RUNBOOK)).toBe(before);
    const again = await pendingRequest(queued.id);
    expect(again).toMatchObject({ kind: "reconcile", seq: request.seq, args: edit });
    expect(again.id).not.toBe(reconcile.id);
    await decideApproval(db, operator, again.id, { decision: "mark_done", comment: "It is there" }, APP);

    expect((await driveRun(db, engine, queued.id)).status).toBe("succeeded");
    const [settled] = await toolStepsOf(db, queued.id);
    expect(settled).toMatchObject({
      status: "ok",
      result: { reconciled: "done", args: edit },
      approval: { id: again.id },
    });
  });

  it("a call marked done does not speak for a later call with its id: cut off by a crash, that one is reconciled too", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const engine = engineOf([
      toolCallTurn("c1", "write_file", { path: "incidents/first.md", content: "First note" }),
      toolCallTurn("c1", "write_file", { path: "incidents/second.md", content: "Second note" }),
      answerTurn("Wrote the notes."),
    ]);
    const queued = await startRun(db, operator, { agent: "ops-health", input: "Write the incident notes" });
    crashNextWrite();
    await driveRun(db, engine, queued.id);
    await recover(engine, queued.id);
    const first = await pendingRequest(queued.id);
    await decideApproval(db, operator, first.id, { decision: "mark_done", comment: "Written" }, APP);

    crashNextWrite();
    expect((await driveRun(db, engine, queued.id)).status).toBe("running");
    expect(await recover(engine, queued.id)).toMatchObject({
      status: "waiting_approval",
      approval: { kind: "reconcile" },
    });
    const second = await pendingRequest(queued.id);
    expect(second).toMatchObject({ kind: "reconcile", args: { path: "incidents/second.md" } });
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(await fileContent(tenantId, "incidents/second.md")).toBeUndefined();
    expect((await toolStepsOf(db, queued.id)).map((s) => s.result)).toEqual([
      expect.objectContaining({ reconciled: "done" }),
    ]);
  });

  it("retried after an approval with an edit: the edit is written", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const engine = engineOf([
      toolCallTurn("c7", "write_file", { path: RUNBOOK, content: "The model's version" }),
      answerTurn("Wrote the runbook."),
    ]);
    const queued = await startRun(db, operator, { agent: "ops-health", input: "Update the on-call runbook" });
    await driveRun(db, engine, queued.id);
    const request = await pendingRequest(queued.id);
    const edit = { path: RUNBOOK, content: "Only what the approver kept" };
    await decideApproval(db, operator, request.id, { decision: "approve", args: edit }, APP);
    crashNextWrite();
    await driveRun(db, engine, queued.id);
    await recover(engine, queued.id);
    const reconcile = await pendingRequest(queued.id);
    await decideApproval(db, operator, reconcile.id, { decision: "approve" }, APP);
    expect((await driveRun(db, engine, queued.id)).status).toBe("succeeded");
    expect(await fileContent(tenantId, RUNBOOK)).toBe(edit.content);
    const [written] = await toolStepsOf(db, queued.id);
    expect(written).toMatchObject({ status: "ok", args: edit, approval: { id: reconcile.id } });
  });
});
