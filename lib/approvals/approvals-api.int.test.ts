import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as decisionRoute from "@/app/api/v1/approvals/[id]/decision/route";
import * as listRoute from "@/app/api/v1/approvals/route";
import { approvals } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";

const { db } = await createTestDatabase();
const engine = testEngine(db);
const { operator, tenantId } = await demoTenant(db);
const admin = await createMember(db, { id: tenantId, name: "Demo" }, "admin");
const { key: operatorKey } = await createApiKey(db, admin, { name: "ops", role: "operator" });
const { key: viewerKey } = await createApiKey(db, admin, { name: "view", role: "viewer" });
const other = await createTenant(db);
const { key: strangerKey } = await createApiKey(db, await createMember(db, other, "admin"), {
  name: "x",
  role: "admin",
});

async function parkedRefund() {
  const run = await runToEnd(db, engine, operator, {
    agent: "support-triage",
    input: "Resolve ticket T-1004",
  });
  const [approval] = await db.select().from(approvals).where(eq(approvals.runId, run.id));
  if (!approval) throw new Error("no approval request");
  return approval;
}

const noParams = { params: Promise.resolve({}) };
const list = (key: string, query = "") =>
  listRoute.GET(
    new Request(`http://localhost/api/v1/approvals${query}`, { headers: { authorization: `Bearer ${key}` } }),
    noParams,
  );
const decide = (key: string, id: string, body: unknown) =>
  decisionRoute.POST(
    new Request(`http://localhost/api/v1/approvals/${id}/decision`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id }) },
  );

describe("/api/v1/approvals", () => {
  it("lists pending requests in snake_case, redacted for viewers, and nothing to other tenants", async () => {
    const approval = await parkedRefund();
    const response = await list(operatorKey, "?status=pending&tool=issue_refund");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.next_cursor).toBeNull();
    expect(body.approvals.find((a: { id: string }) => a.id === approval.id)).toMatchObject({
      run_id: approval.runId,
      agent: "support-triage",
      tool: "issue_refund",
      args: { order_id: "O-5004", amount_usd: 120 },
      provenance: { amount_usd: "untrusted" },
      policy_ids: ["refund-over-50-needs-approval"],
      status: "pending",
      redacted: false,
    });
    const viewed = await (await list(viewerKey)).json();
    expect(viewed.approvals[0]).toMatchObject({ args: { order_id: "[redacted]" }, redacted: true });
    expect((await (await list(strangerKey)).json()).approvals).toEqual([]);
    expect((await list(operatorKey, "?status=maybe")).status).toBe(400);
    expect((await list("nope")).status).toBe(401);
  });

  it("decides: 403 for viewers, 404 for another tenant, 400 when invalid, then 200 and 409", async () => {
    const approval = await parkedRefund();
    expect((await decide(viewerKey, approval.id, { decision: "approve" })).status).toBe(403);
    expect((await decide(strangerKey, approval.id, { decision: "approve" })).status).toBe(404);
    const noComment = await decide(operatorKey, approval.id, { decision: "reject" });
    expect(noComment.status).toBe(400);
    expect((await noComment.json()).error.message).toMatch(/needs a comment/);
    const badEdit = await decide(operatorKey, approval.id, {
      decision: "approve",
      args: { ...approval.args, amount_usd: "lots" },
    });
    expect(badEdit.status).toBe(400);
    expect((await decide(operatorKey, approval.id, { decision: "maybe" })).status).toBe(400);

    const ok = await decide(operatorKey, approval.id, {
      decision: "approve",
      comment: "Checked the order",
      args: { ...approval.args, amount_usd: 40 },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      id: approval.id,
      status: "approved",
      edited_args: { amount_usd: 40 },
      args: { amount_usd: 120 },
      comment: "Checked the order",
    });
    const again = await decide(operatorKey, approval.id, { decision: "reject", comment: "too late" });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toMatch(/Already approved by/);

    const history = await (await list(operatorKey, "?status=decided")).json();
    expect(history.approvals[0]).toMatchObject({ id: approval.id, status: "approved" });
  });
});
