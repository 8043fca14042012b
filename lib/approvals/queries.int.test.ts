import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Approval, approvals } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { decideApproval } from "./decide-approval";
import { approvalDetail, listApprovals, pendingCount } from "./queries";

const { db } = await createTestDatabase();
const engine = testEngine(db);
const APP = "http://127.0.0.1:65533";

// One tenant, three requests parked one after another (support-triage on T-1004 asks a 120 USD refund).
const { operator, tenantId } = await demoTenant(db);
const viewer = await createMember(db, { id: tenantId, name: "Demo" }, "viewer");
const parked: Approval[] = [];
for (let i = 0; i < 3; i++) {
  const run = await runToEnd(db, engine, operator, {
    agent: "support-triage",
    input: "Resolve ticket T-1004",
  });
  const [approval] = await db.select().from(approvals).where(eq(approvals.runId, run.id));
  if (!approval) throw new Error("no approval request");
  parked.push(approval);
}
const ids = parked.map((a) => a.id);

describe("approval queries", () => {
  it("lists pending requests oldest first, page by page, and counts them", async () => {
    const first = await listApprovals(db, operator, { status: "pending", limit: 2 });
    expect(first.approvals.map((a) => a.id)).toEqual(ids.slice(0, 2));
    expect(first.nextCursor).not.toBeNull();
    const second = await listApprovals(db, operator, {
      status: "pending",
      limit: 2,
      cursor: first.nextCursor ?? "",
    });
    expect(second.approvals.map((a) => a.id)).toEqual(ids.slice(2));
    expect(second.nextCursor).toBeNull();
    expect(await pendingCount(db, operator)).toBe(3);
    expect(first.approvals[0]).toMatchObject({
      toolName: "issue_refund",
      agentName: "support-triage",
      args: { order_id: "O-5004", amount_usd: 120 },
      provenance: { amount_usd: "untrusted" },
      redacted: false,
    });
  });

  it("filters by agent and tool, and refuses a bad cursor", async () => {
    expect((await listApprovals(db, operator, { tool: "send_email" })).approvals).toEqual([]);
    expect((await listApprovals(db, operator, { agent: "support-triage" })).approvals).toHaveLength(3);
    await expect(listApprovals(db, operator, { cursor: "nonsense" })).rejects.toThrow(/cursor/);
  });

  it("redacts arguments and the stated reason for viewers, keeping amounts", async () => {
    const [first] = (await listApprovals(db, viewer, {})).approvals;
    expect(first).toMatchObject({
      args: { order_id: "[redacted]", amount_usd: 120 },
      reason: "[redacted]",
      redacted: true,
    });
    const detail = await approvalDetail(db, viewer, ids[0] ?? "");
    expect(detail.approval.args.order_id).toBe("[redacted]");
    // The run so far goes through the run page's redaction: the goal, text and arguments are hidden.
    expect(JSON.stringify(detail.steps)).not.toContain('"order_id":"O-5004"');
    expect(JSON.stringify(detail.steps)).not.toContain("Tom Becker");
  });

  it("details a request with its run so far and the policy text that asked", async () => {
    const detail = await approvalDetail(db, operator, ids[0] ?? "");
    expect(detail.run).toMatchObject({ id: parked[0]?.runId, status: "waiting_approval" });
    expect(detail.run.input).toBe("Resolve ticket T-1004");
    expect(detail.steps.length).toBeGreaterThan(0);
    expect(detail.steps.every((s) => s.seq < (parked[0]?.seq ?? 0))).toBe(true);
    expect(detail.statements).toEqual([
      expect.objectContaining({
        id: "refund-over-50-needs-approval",
        approval: "Refunds above 50 USD need a person",
        text: expect.stringContaining('greaterThan(decimal("50.00"))'),
      }),
    ]);
  });

  it("decided requests move to history, newest decision first", async () => {
    await decideApproval(db, operator, ids[1] ?? "", { decision: "reject", comment: "No" }, APP);
    await decideApproval(
      db,
      operator,
      ids[0] ?? "",
      { decision: "approve", args: { ...parked[0]?.args, amount_usd: 40 } },
      APP,
    );
    const history = await listApprovals(db, operator, { status: "decided" });
    expect(history.approvals.map((a) => a.id)).toEqual([ids[0], ids[1]]);
    expect(history.approvals[0]).toMatchObject({
      status: "approved",
      decidedBy: operator.label,
      editedArgs: { amount_usd: 40 },
      args: { amount_usd: 120 },
    });
    expect(history.approvals[1]).toMatchObject({ status: "rejected", comment: "No" });
    const page = await listApprovals(db, operator, { status: "decided", limit: 1 });
    const next = await listApprovals(db, operator, {
      status: "decided",
      limit: 1,
      cursor: page.nextCursor ?? "",
    });
    expect(next.approvals.map((a) => a.id)).toEqual([ids[1]]);
    expect((await listApprovals(db, operator, {})).approvals.map((a) => a.id)).toEqual([ids[2]]);
    expect(await pendingCount(db, viewer)).toBe(1);
  });

  it("another tenant sees nothing and gets a 404 for the id", async () => {
    const stranger = await createMember(db, await createTenant(db), "admin");
    expect((await listApprovals(db, stranger, {})).approvals).toEqual([]);
    expect(await pendingCount(db, stranger)).toBe(0);
    await expect(approvalDetail(db, stranger, ids[2] ?? "")).rejects.toMatchObject({ code: "not_found" });
    await expect(approvalDetail(db, operator, "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
  });
});
