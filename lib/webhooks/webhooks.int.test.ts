import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "@/db/client";
import { auditLog, webhookDeliveries } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { resetEnvCache } from "@/lib/env";
import { gateClient } from "@/lib/gate/client";
import { startGateServer } from "@/lib/gate/testing/gate-server";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { deliverDueWebhooks, RETRY_DELAYS_SECONDS } from "./deliver";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  MAX_ENDPOINTS,
  sendTestWebhook,
} from "./endpoints";
import { WebhookSender } from "./sender";
import { SIGNATURE_HEADER, verifyWebhook } from "./signature";
import { startReceiver, waitFor } from "./testing/receiver";

const database = await createTestDatabase();
const { db } = database;
const LOCAL = { allowPrivate: true, timeoutMs: 2_000 };
const APP = "http://flightdeck.test";

// The receivers listen on this host, which webhooks may reach only when the deployment allows it.
process.env.FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE = "1";
resetEnvCache();
afterAll(() => {
  delete process.env.FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE;
  resetEnvCache();
});

async function tenant() {
  const { tenantId, operator } = await demoTenant(db);
  const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
  return { tenantId, operator, admin };
}

const deliveriesOf = (endpointId: string) =>
  db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));

describe("webhook endpoints", () => {
  it("are an admin's to add: a public http(s) URL, known events, a limited number; the secret is shown once", async () => {
    const { operator, admin, tenantId } = await tenant();
    const valid = { url: "https://hooks.example.com/flightdeck", events: ["run.ended" as const] };
    await expect(createWebhookEndpoint(db, operator, valid)).rejects.toThrow(/does not allow/);
    for (const bad of [
      { ...valid, url: "ftp://hooks.example.com/x" },
      { ...valid, url: "not a url" },
      { ...valid, events: [] },
      { ...valid, events: ["run.started"] },
    ])
      await expect(createWebhookEndpoint(db, admin, bad as never)).rejects.toThrow();
    process.env.FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE = "";
    resetEnvCache();
    await expect(
      createWebhookEndpoint(db, admin, { ...valid, url: "http://169.254.169.254/x" }),
    ).rejects.toThrow(/public address/);
    process.env.FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE = "1";
    resetEnvCache();

    const created = await createWebhookEndpoint(db, admin, valid);
    expect(created.secret).toMatch(/^whsec_/);
    const [listed] = await listWebhookEndpoints(db, admin);
    expect(listed).toMatchObject({ id: created.id, url: valid.url, events: ["run.ended"], deliveries: [] });
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    await Promise.all(
      Array.from({ length: MAX_ENDPOINTS }, () => createWebhookEndpoint(db, admin, valid).catch((e) => e)),
    );
    expect(await listWebhookEndpoints(db, admin)).toHaveLength(MAX_ENDPOINTS);

    const other = await tenant();
    await expect(deleteWebhookEndpoint(db, other.admin, { id: created.id })).rejects.toThrow(
      /no such webhook/,
    );
    await expect(sendTestWebhook(db, other.admin, { id: "not-a-uuid" })).rejects.toThrow(/no such webhook/);
    await sendTestWebhook(db, admin, { id: created.id });
    await deleteWebhookEndpoint(db, admin, { id: created.id });
    const audit = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.tenantId, tenantId));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["webhook.created", "webhook.tested", "webhook.deleted"]),
    );
  });
});

describe("webhook deliveries", () => {
  const hook = { receiver: undefined as Awaited<ReturnType<typeof startReceiver>> | undefined };
  const receiver = () => hook.receiver ?? expect.unreachable("no receiver");
  beforeAll(async () => {
    hook.receiver = await startReceiver();
  });
  afterAll(() => hook.receiver?.close());

  it("tells an agent waiting on a person at once, signed, with the decision and the edited arguments", async () => {
    const { admin } = await tenant();
    const { key } = await createApiKey(db, admin, { name: "outside agent", role: "operator" });
    const { secret, id } = await createWebhookEndpoint(db, admin, {
      url: receiver().url,
      events: ["gate.call.decided"],
    });
    const sender = new WebhookSender(db, LOCAL);
    await sender.start(db.$client);
    const server = await startGateServer();
    try {
      const run = await gateClient({ baseUrl: server.url, apiKey: key }).openRun({
        agent: "support-triage",
        input: "Refund order O-5002 (58 USD).",
      });
      const pending = await run.ask({
        tool: "issue_refund",
        args: { order_id: "O-5002", amount_usd: 58, reason: "Refund requested by the customer" },
      });
      expect(pending.decision).toBe("pending");
      const before = receiver().received.length;
      const decidedAt = Date.now();
      const edited = { order_id: "O-5002", amount_usd: 40, reason: "Refund requested by the customer" };
      await decideApproval(db, admin, pending.approval_id ?? "", { decision: "approve", args: edited }, APP);
      await waitFor(() => receiver().received.length > before);
      const [got] = receiver().received.slice(before);
      if (!got) throw new Error("nothing delivered");
      expect(got.at - decidedAt).toBeLessThan(2_000);
      expect(verifyWebhook(secret, got.headers[SIGNATURE_HEADER] as string, got.body)).toBe(true);
      const body = JSON.parse(got.body);
      expect(body).toMatchObject({
        event: "gate.call.decided",
        run_id: run.id,
        call_id: pending.call_id,
        tool: "issue_refund",
        decision: "allow",
        args: edited,
      });
      expect(got.headers["flightdeck-delivery"]).toBe(body.id);
      expect(got.headers["flightdeck-event"]).toBe("gate.call.decided");
      // The agent polling instead hears the same.
      await expect(run.callState(pending.call_id ?? "")).resolves.toMatchObject({
        decision: "allow",
        args: edited,
      });
      const [delivery] = await deliveriesOf(id);
      expect(delivery).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200 });
    } finally {
      await sender.stop();
      await server.close();
    }
  });

  it("tells of every run's end once, however it ended, and nothing to a tenant with no webhook", async () => {
    const { admin, operator } = await tenant();
    const { key } = await createApiKey(db, admin, { name: "outside agent", role: "operator" });
    const { id } = await createWebhookEndpoint(db, admin, { url: receiver().url, events: ["run.ended"] });
    const quiet = await tenant();
    const { key: quietKey } = await createApiKey(db, quiet.admin, { name: "agent", role: "operator" });
    const server = await startGateServer();
    try {
      const finished = await gateClient({ baseUrl: server.url, apiKey: key }).openRun({
        agent: "support-triage",
        input: "Check order O-5001.",
      });
      await finished.finish({ answer: "Order O-5001 is on its way." });
      const killed = await gateClient({ baseUrl: server.url, apiKey: key }).openRun({
        agent: "support-triage",
        input: "Check order O-5001.",
      });
      await engageKillSwitch(db, operator, { scope: "run", target: killed.id, reason: "wrong customer" });
      const unheard = await gateClient({ baseUrl: server.url, apiKey: quietKey }).openRun({
        agent: "support-triage",
        input: "Check order O-5001.",
      });
      await unheard.finish({ answer: "Done." });
      const before = receiver().received.length;
      while ((await deliverDueWebhooks(db, LOCAL)) > 0);
      const bodies = receiver()
        .received.slice(before)
        .map((r) => JSON.parse(r.body));
      expect(bodies.map((b) => [b.event, b.run.id, b.run.status]).sort()).toEqual(
        [
          ["run.ended", finished.id, "succeeded"],
          ["run.ended", killed.id, "killed"],
        ].sort(),
      );
      expect(bodies.find((b) => b.run.id === killed.id).run).toMatchObject({
        stop_reason: "killed",
        error: expect.stringMatching(/wrong customer/),
      });
      expect(bodies[0].run.input).toBeUndefined();
      expect(await deliveriesOf(id)).toHaveLength(2);
      const queuedForQuiet = await db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.tenantId, quiet.tenantId));
      expect(queuedForQuiet).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("retries a failing receiver with the same body, and gives up after the last attempt", async () => {
    const { admin } = await tenant();
    const { id, secret } = await createWebhookEndpoint(db, admin, {
      url: receiver().url,
      events: ["run.ended"],
    });
    await sendTestWebhook(db, admin, { id });
    const before = receiver().received.length;
    receiver().answer(503);
    try {
      await deliverDueWebhooks(db, LOCAL);
      const [failed] = await deliveriesOf(id);
      expect(failed).toMatchObject({ status: "pending", attempts: 1, lastStatus: 503 });
      expect(failed?.lastError).toMatch(/answered 503/);
      const wait = (failed?.nextAttemptAt.getTime() ?? 0) - Date.now();
      expect(wait).toBeGreaterThan((RETRY_DELAYS_SECONDS[0] ?? 0) * 1000 - 2_000);
      // Not due yet: nothing is sent.
      expect(await deliverDueWebhooks(db, LOCAL)).toBe(0);
      await db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date() })
        .where(eq(webhookDeliveries.endpointId, id));
      receiver().answer(200);
      await deliverDueWebhooks(db, LOCAL);
      const [first, second] = receiver().received.slice(before);
      expect(second?.body).toBe(first?.body);
      expect(verifyWebhook(secret, second?.headers[SIGNATURE_HEADER] as string, second?.body ?? "")).toBe(
        true,
      );
      expect(JSON.parse(second?.body ?? "{}")).toMatchObject({ event: "ping", sent_by: admin.label });
      expect(await deliveriesOf(id)).toEqual([
        expect.objectContaining({ status: "delivered", attempts: 2, lastStatus: 200, lastError: null }),
      ]);

      await sendTestWebhook(db, admin, { id });
      receiver().answer(500);
      await db
        .update(webhookDeliveries)
        .set({ attempts: RETRY_DELAYS_SECONDS.length })
        .where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, "pending")));
      await deliverDueWebhooks(db, LOCAL);
      const given = (await deliveriesOf(id)).find((d) => d.status !== "delivered");
      expect(given).toMatchObject({ status: "failed", attempts: RETRY_DELAYS_SECONDS.length + 1 });
      const [listed] = await listWebhookEndpoints(db, admin);
      expect(listed?.deliveries.map((d) => d.status)).toEqual(["failed", "delivered"]);
    } finally {
      receiver().answer(200);
    }
  });

  it("sends each delivery once when several processes send at the same time, and one that died mid-send is retried", async () => {
    const { admin } = await tenant();
    const { id } = await createWebhookEndpoint(db, admin, { url: receiver().url, events: ["run.ended"] });
    for (let i = 0; i < 30; i++) await sendTestWebhook(db, admin, { id });
    const before = receiver().received.length;
    const other = connect(database.url, { max: 2 });
    try {
      await Promise.all([
        (async () => {
          while ((await deliverDueWebhooks(db, LOCAL)) > 0);
        })(),
        (async () => {
          while ((await deliverDueWebhooks(other.db, LOCAL)) > 0);
        })(),
      ]);
    } finally {
      await other.close();
    }
    const ids = receiver()
      .received.slice(before)
      .map((r) => r.headers["flightdeck-delivery"]);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);

    // A process took one and died: its claim runs out and another sends it.
    await sendTestWebhook(db, admin, { id });
    await db.execute(sql`update webhook_deliveries set attempts = 1, next_attempt_at = now() + interval '60 seconds'
                         where endpoint_id = ${id} and status = 'pending'`);
    expect(await deliverDueWebhooks(db, LOCAL)).toBe(0);
    await db.execute(
      sql`update webhook_deliveries set next_attempt_at = now() where endpoint_id = ${id} and status = 'pending'`,
    );
    expect(await deliverDueWebhooks(db, LOCAL)).toBe(1);
    expect((await deliveriesOf(id)).every((d) => d.status === "delivered")).toBe(true);
  });

  it("drops what was queued for a webhook that is removed", async () => {
    const { admin } = await tenant();
    const { id } = await createWebhookEndpoint(db, admin, {
      url: receiver().url,
      events: ["gate.call.decided"],
    });
    await sendTestWebhook(db, admin, { id });
    await deleteWebhookEndpoint(db, admin, { id });
    expect(await deliveriesOf(id)).toEqual([]);
  });
});
