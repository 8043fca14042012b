import { and, eq, isNull } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as releaseRoute from "@/app/api/v1/kill/release/route";
import { approvals, killSwitches, runs } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { authenticateApiKey, createApiKey } from "@/lib/api-keys/api-keys";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { expireApprovals } from "@/lib/approvals/expire-approvals";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { releaseKillSwitch } from "@/lib/kill/release-kill-switch";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { gateClient } from "./client";
import { startGateServer } from "./testing/gate-server";

// Who may lift the gate's oversight: the key an agent runs with decides none of its own calls and
// lifts no pause that holds its runs; a pause or freeze holds a gate run whatever its status says;
// a request past its expiry can no longer be decided.

const { db } = await createTestDatabase();
const engine = testEngine(db);
const { tenantId, operator } = await demoTenant(db);
const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
const { key: agentKey } = await createApiKey(db, admin, { name: "outside agent", role: "operator" });
const { key: otherKey } = await createApiKey(db, admin, { name: "on-call", role: "operator" });
const agentActor = await authenticateApiKey(db, agentKey);
if (!agentActor) throw new Error("the agent's key did not authenticate");
const server = await startGateServer();
afterAll(() => server.close());
const client = gateClient({ baseUrl: server.url, apiKey: agentKey });
// A test that fails leaves no switch engaged for the next.
afterEach(async () => {
  await db
    .update(killSwitches)
    .set({ releasedAt: new Date(), releasedBy: "test" })
    .where(and(eq(killSwitches.tenantId, tenantId), isNull(killSwitches.releasedAt)));
});

const refund = { order_id: "O-5002", amount_usd: 58, reason: "Refund requested by the customer" };
const runOf = async (id: string) => (await db.select().from(runs).where(eq(runs.id, id)))[0];
const approvalOf = async (id: string) => (await db.select().from(approvals).where(eq(approvals.id, id)))[0];
const agentIdOf = async (runId: string) => (await runOf(runId))?.agentId ?? "";

const decide = (key: string, approvalId: string, body: unknown) =>
  fetch(`${server.url}/api/v1/approvals/${approvalId}/decision`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const release = (key: string, body: unknown) =>
  releaseRoute.POST(
    new Request("http://localhost/api/v1/kill/release", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );

/** A gate run opened with the agent's key, with a refund waiting for a person. */
async function pendingRefund() {
  const run = await client.openRun({ agent: "support-triage", input: "Refund order O-5002 (58 USD)." });
  const pending = await run.ask({ tool: "issue_refund", args: refund });
  expect(pending).toMatchObject({ decision: "pending", approval_id: expect.any(String) });
  return { run, callId: pending.call_id ?? "", approvalId: pending.approval_id ?? "" };
}

describe("segregation of duties", () => {
  it("the key that opened a gate run cannot approve its calls; another key can", async () => {
    const { run, callId, approvalId } = await pendingRefund();
    const own = await decide(agentKey, approvalId, { decision: "approve" });
    expect(own.status).toBe(403);
    expect((await own.json()).error.message).toMatch(/started this run/);
    expect(await approvalOf(approvalId)).toMatchObject({ status: "pending" });
    await expect(run.callState(callId)).resolves.toMatchObject({ decision: "pending" });

    const other = await decide(otherKey, approvalId, { decision: "approve", comment: "checked" });
    expect(other.status).toBe(200);
    await expect(run.callState(callId)).resolves.toMatchObject({ decision: "allow", args: refund });
  });

  it("a person may decide a gate run's call", async () => {
    const { run, callId, approvalId } = await pendingRefund();
    await decideApproval(db, operator, approvalId, { decision: "approve" }, server.url);
    await expect(run.callState(callId)).resolves.toMatchObject({ decision: "allow" });
  });

  it("the key that started an engine run cannot approve its calls; a person can", async () => {
    const parked = await runToEnd(db, engine, agentActor, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
    });
    expect(parked.status).toBe("waiting_approval");
    const [request] = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
    await expect(
      decideApproval(db, agentActor, request?.id ?? "", { decision: "approve" }, server.url),
    ).rejects.toMatchObject({ code: "forbidden" });
    const decided = await decideApproval(
      db,
      operator,
      request?.id ?? "",
      { decision: "approve" },
      server.url,
    );
    expect(decided.status).toBe("approved");
  });

  it("the key cannot lift another's pause that holds its run; another key or a person can", async () => {
    const run = await client.openRun({ agent: "support-triage", input: "Check order O-5001." });
    const agentId = await agentIdOf(run.id);
    await engageKillSwitch(db, operator, { scope: "agent", target: agentId, reason: "looking into it" });
    const own = await release(agentKey, { scope: "agent", target: agentId });
    expect(own.status).toBe(403);
    expect((await own.json()).error.message).toMatch(/started/);
    await expect(run.ask({ tool: "get_order", args: { order_id: "O-5001" } })).resolves.toMatchObject({
      decision: "paused",
    });
    expect((await release(otherKey, { scope: "agent", target: agentId })).status).toBe(200);
    await expect(run.ask({ tool: "get_order", args: { order_id: "O-5001" } })).resolves.toMatchObject({
      decision: "allow",
    });

    // A freeze too: the key cannot lift it while its run is under way; a person can.
    await engageKillSwitch(db, operator, { scope: "tenant", reason: "audit" });
    expect((await release(agentKey, { scope: "tenant" })).status).toBe(403);
    await releaseKillSwitch(db, operator, { scope: "tenant" });
    expect(await runOf(run.id)).toMatchObject({ status: "running" });
    // A pause the key engaged itself, it may lift: no one else's oversight is lifted.
    await engageKillSwitch(db, agentActor, { scope: "agent", target: agentId, reason: "my own pause" });
    expect((await release(agentKey, { scope: "agent", target: agentId })).status).toBe(200);
  });
});

describe("holds on gate runs", () => {
  it("an approval while the agent is paused does not let the run go on: the gate answers paused until the release", async () => {
    const { run, callId, approvalId } = await pendingRefund();
    const agentId = await agentIdOf(run.id);
    await engageKillSwitch(db, operator, { scope: "agent", target: agentId, reason: "incident review" });
    await decideApproval(db, operator, approvalId, { decision: "approve" }, server.url);
    expect(await runOf(run.id)).toMatchObject({ status: "paused" });
    await expect(run.ask({ tool: "get_order", args: { order_id: "O-5002" } })).resolves.toMatchObject({
      decision: "paused",
      message: expect.stringMatching(/incident review/),
    });
    // The approved call itself waits for the release too.
    await expect(run.callState(callId)).resolves.toMatchObject({ decision: "paused", call_id: callId });
    await releaseKillSwitch(db, operator, { scope: "agent", target: agentId });
    expect(await runOf(run.id)).toMatchObject({ status: "running" });
    await expect(run.callState(callId)).resolves.toMatchObject({ decision: "allow" });
    await expect(run.ask({ tool: "get_order", args: { order_id: "O-5002" } })).resolves.toMatchObject({
      decision: "allow",
    });
  });

  it("releasing the agent's pause leaves a run the tenant's freeze still holds paused", async () => {
    const run = await client.openRun({ agent: "support-triage", input: "Check order O-5001." });
    const agentId = await agentIdOf(run.id);
    await engageKillSwitch(db, operator, { scope: "tenant", reason: "quarterly audit" });
    await engageKillSwitch(db, operator, { scope: "agent", target: agentId, reason: "pause for a look" });
    await releaseKillSwitch(db, operator, { scope: "agent", target: agentId });
    expect(await runOf(run.id)).toMatchObject({ status: "paused" });
    await expect(run.ask({ tool: "get_order", args: { order_id: "O-5001" } })).resolves.toMatchObject({
      decision: "paused",
      message: expect.stringMatching(/quarterly audit/),
    });
    await releaseKillSwitch(db, operator, { scope: "tenant" });
    expect(await runOf(run.id)).toMatchObject({ status: "running" });
    // A pause the key engaged itself, it may lift: no one else's oversight is lifted.
    await engageKillSwitch(db, agentActor, { scope: "agent", target: agentId, reason: "my own pause" });
    expect((await release(agentKey, { scope: "agent", target: agentId })).status).toBe(200);
    await expect(run.ask({ tool: "get_order", args: { order_id: "O-5001" } })).resolves.toMatchObject({
      decision: "allow",
    });
  });

  it("answers paused whatever the run's status says while a pause covers it", async () => {
    const run = await client.openRun({ agent: "support-triage", input: "Check order O-5001." });
    const agentId = await agentIdOf(run.id);
    await engageKillSwitch(db, operator, { scope: "agent", target: agentId, reason: "hold everything" });
    await db.update(runs).set({ status: "running" }).where(eq(runs.id, run.id));
    await expect(run.ask({ tool: "get_order", args: { order_id: "O-5001" } })).resolves.toMatchObject({
      decision: "paused",
    });
    expect(await runOf(run.id)).toMatchObject({ status: "paused" });
    await releaseKillSwitch(db, operator, { scope: "agent", target: agentId });
  });

  it("answers killed, and ends the run, while a stop covers it whatever its status says", async () => {
    const run = await client.openRun({ agent: "support-triage", input: "Check order O-5001." });
    await engageKillSwitch(db, operator, { scope: "run", target: run.id, reason: "wrong customer" });
    await db
      .update(runs)
      .set({ status: "running", stopReason: null, endedAt: null })
      .where(eq(runs.id, run.id));
    await expect(run.ask({ tool: "get_order", args: { order_id: "O-5001" } })).resolves.toMatchObject({
      decision: "killed",
      message: expect.stringMatching(/wrong customer/),
    });
    expect(await runOf(run.id)).toMatchObject({ status: "killed", stopReason: "killed" });
  });

  it("a request that expires while the agent is paused leaves its run paused, and the run ends as an expiry does", async () => {
    const { run, callId, approvalId } = await pendingRefund();
    const agentId = await agentIdOf(run.id);
    await engageKillSwitch(db, operator, { scope: "agent", target: agentId, reason: "night freeze" });
    const request = await approvalOf(approvalId);
    expect(
      await expireApprovals(db, new Date((request?.expiresAt.getTime() ?? 0) + 1)),
    ).toBeGreaterThanOrEqual(1);
    expect(await runOf(run.id)).toMatchObject({ status: "paused" });
    await expect(run.callState(callId)).resolves.toMatchObject({ decision: "deny" });
    expect(await runOf(run.id)).toMatchObject({ status: "stopped", stopReason: "approval_expired" });
    await releaseKillSwitch(db, operator, { scope: "agent", target: agentId });
  });
});

describe("expired requests", () => {
  it("deciding a request past its expiry answers 409 and expires it, as the sweep would", async () => {
    const { run, callId, approvalId } = await pendingRefund();
    await db
      .update(approvals)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(approvals.id, approvalId));
    const late = await decide(otherKey, approvalId, { decision: "approve" });
    expect(late.status).toBe(409);
    expect((await late.json()).error.message).toMatch(/expired/);
    expect(await approvalOf(approvalId)).toMatchObject({ status: "expired" });
    await expect(run.callState(callId)).resolves.toMatchObject({
      decision: "deny",
      message: expect.stringMatching(/expired/),
    });
    expect(await runOf(run.id)).toMatchObject({ status: "stopped", stopReason: "approval_expired" });
  });

  it("an engine run's expired request cannot be approved by a person either", async () => {
    const parked = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
    });
    const [request] = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
    await db
      .update(approvals)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(approvals.id, request?.id ?? ""));
    await expect(
      decideApproval(db, operator, request?.id ?? "", { decision: "approve" }, server.url),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/expired/) });
    expect(await approvalOf(request?.id ?? "")).toMatchObject({ status: "expired" });
    // Queued again, so a worker ends it approval_expired, as after the sweep.
    expect(await runOf(parked.id)).toMatchObject({ status: "queued", approval: { status: "expired" } });
  });
});
