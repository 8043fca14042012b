import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvals, auditLog, webhookDeliveries } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { escalateApprovals } from "@/lib/approvals/escalate-approvals";
import { resetEnvCache } from "@/lib/env";
import { gateClient } from "@/lib/gate/client";
import { startGateServer } from "@/lib/gate/testing/gate-server";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { deliverDueWebhooks, RETRY_DELAYS_SECONDS } from "./deliver";
import { createWebhookEndpoint, resendWebhookDelivery, sendTestWebhook } from "./endpoints";
import { getEscalationSetting, setEscalationSetting } from "./escalation-setting";
import { SIGNATURE_HEADER, verifyWebhook } from "./signature";
import { startReceiver } from "./testing/receiver";

const { db } = await createTestDatabase();
const LOCAL = { allowPrivate: true, timeoutMs: 2_000 };

process.env.FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE = "1";
resetEnvCache();
const receiver = await startReceiver();
const gate = { server: undefined as Awaited<ReturnType<typeof startGateServer>> | undefined };
beforeAll(async () => {
  gate.server = await startGateServer();
});
afterAll(async () => {
  await gate.server?.close();
  await receiver.close();
  delete process.env.FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE;
  resetEnvCache();
});

async function tenant() {
  const { tenantId, operator } = await demoTenant(db);
  const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
  const { key } = await createApiKey(db, admin, { name: "outside agent", role: "operator" });
  return { tenantId, operator, admin, key };
}

/** An outside agent's refund that policy sends to a person. */
async function pendingRefund(key: string) {
  const run = await gateClient({ baseUrl: gate.server?.url ?? "", apiKey: key }).openRun({
    agent: "support-triage",
    input: "Refund order O-5002 (58 USD).",
  });
  const asked = await run.ask({
    tool: "issue_refund",
    args: { order_id: "O-5002", amount_usd: 58, reason: "Refund requested by the customer" },
  });
  expect(asked.decision).toBe("pending");
  return { runId: run.id, approvalId: asked.approval_id ?? "" };
}

async function sendAll() {
  const before = receiver.received.length;
  while ((await deliverDueWebhooks(db, LOCAL)) > 0);
  return receiver.received.slice(before);
}

describe("people hear of what waits for them", () => {
  it("a call waiting for approval is announced at once, without its arguments, with a link to decide it", async () => {
    const { admin, key } = await tenant();
    const { secret } = await createWebhookEndpoint(db, admin, {
      url: receiver.url,
      events: ["approval.requested"],
    });
    const { runId, approvalId } = await pendingRefund(key);
    const [got, ...more] = await sendAll();
    expect(more).toEqual([]);
    expect(verifyWebhook(secret, got?.headers[SIGNATURE_HEADER] as string, got?.body ?? "")).toBe(true);
    const body = JSON.parse(got?.body ?? "{}");
    expect(body).toMatchObject({
      event: "approval.requested",
      approval: {
        id: approvalId,
        run_id: runId,
        agent: "support-triage",
        tool: "issue_refund",
        status: "pending",
        url: expect.stringMatching(new RegExp(`/approvals\\?id=${approvalId}$`)),
      },
    });
    expect(JSON.stringify(body)).not.toContain("O-5002");
  });

  it("a request nobody decided within the tenant's delay is escalated once, to the second group only", async () => {
    const { admin, operator, key } = await tenant();
    const first = await createWebhookEndpoint(db, admin, {
      url: receiver.url,
      events: ["approval.requested"],
    });
    const second = await createWebhookEndpoint(db, admin, {
      url: `${receiver.url}?group=second`,
      events: ["approval.escalated"],
    });
    await expect(setEscalationSetting(db, operator, { after_minutes: 5 })).rejects.toThrow(/does not allow/);
    for (const bad of [0, -1, 1.5, 7 * 24 * 60 + 1, Number.NaN])
      await expect(setEscalationSetting(db, admin, { after_minutes: bad })).rejects.toThrow();
    expect(await getEscalationSetting(db, admin)).toEqual({ after_minutes: null });

    const { approvalId } = await pendingRefund(key);
    const decided = await pendingRefund(key);
    await db.update(approvals).set({ status: "rejected" }).where(eq(approvals.id, decided.approvalId));
    const later = new Date(Date.now() + 6 * 60_000);
    // No delay set: nothing escalates, however long it waits.
    await escalateApprovals(db, later);
    await setEscalationSetting(db, admin, { after_minutes: 5 });
    expect(await getEscalationSetting(db, admin)).toEqual({ after_minutes: 5 });
    expect(await escalateApprovals(db, new Date(Date.now() + 4 * 60_000))).toBe(0);
    expect(await escalateApprovals(db, later)).toBe(1);
    expect(await escalateApprovals(db, new Date(later.getTime() + 60_000))).toBe(0);

    const got = await sendAll();
    const escalated = got.map((g) => JSON.parse(g.body)).filter((b) => b.event === "approval.escalated");
    expect(escalated).toEqual([
      expect.objectContaining({
        escalation_minutes: 5,
        approval: expect.objectContaining({ id: approvalId, escalated_at: later.toISOString() }),
      }),
    ]);
    const queued = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, second.id));
    expect(queued.map((d) => d.subjectId)).toEqual([approvalId]);
    const toFirst = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, first.id));
    expect(toFirst.map((d) => d.event)).toEqual(["approval.requested", "approval.requested"]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "approvals.escalation_set"));
    expect(audit.some((a) => a.actorLabel === admin.label)).toBe(true);
  });

  it("an agent's pause reaches the tenant's receivers as a Slack message; a run's own kill does not", async () => {
    const { admin, operator, key } = await tenant();
    await createWebhookEndpoint(db, admin, {
      url: receiver.url,
      events: ["kill_switch.engaged"],
      format: "slack",
    });
    const other = await tenant();
    await createWebhookEndpoint(db, other.admin, { url: receiver.url, events: ["kill_switch.engaged"] });
    const { runId } = await pendingRefund(key);
    await engageKillSwitch(db, operator, { scope: "run", target: runId, reason: "wrong customer" });
    await engageKillSwitch(db, operator, {
      scope: "agent",
      target: "support-triage",
      reason: "refunds <look> wrong & odd",
    });
    const got = await sendAll();
    expect(got).toHaveLength(1);
    const body = JSON.parse(got[0]?.body ?? "{}");
    expect(body.text).toBe(
      `:octagonal_sign: The agent *support-triage* was paused by ${operator.label}: refunds &lt;look&gt; wrong &amp; odd`,
    );
    expect(body.flightdeck).toMatchObject({
      event: "kill_switch.engaged",
      kill_switch: { scope: "agent", agent: "support-triage", effect: "paused" },
    });
  });

  it("a delivery given up on is sent again on an admin's word, once, and nobody else's", async () => {
    const { admin, operator } = await tenant();
    const { id } = await createWebhookEndpoint(db, admin, { url: receiver.url, events: ["run.ended"] });
    await sendTestWebhook(db, admin, { id });
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id));
    const deliveryId = delivery?.id ?? "";
    await expect(resendWebhookDelivery(db, admin, { id, deliveryId })).rejects.toThrow(/only a failed one/);
    await db
      .update(webhookDeliveries)
      .set({
        status: "failed",
        attempts: RETRY_DELAYS_SECONDS.length + 1,
        lastError: "The receiver answered 500.",
      })
      .where(eq(webhookDeliveries.id, deliveryId));
    const other = await tenant();
    await expect(resendWebhookDelivery(db, other.admin, { id, deliveryId })).rejects.toThrow(
      /no such delivery/,
    );
    await expect(resendWebhookDelivery(db, operator, { id, deliveryId })).rejects.toThrow(/does not allow/);
    await expect(resendWebhookDelivery(db, admin, { id, deliveryId: "x" })).rejects.toThrow(
      /no such delivery/,
    );
    await resendWebhookDelivery(db, admin, { id, deliveryId });
    const got = await sendAll();
    expect(got.map((g) => g.headers["flightdeck-delivery"])).toEqual([deliveryId]);
    const [after] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
    expect(after).toMatchObject({ status: "delivered", attempts: 1, lastError: null });
  });
});
