import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, killSwitches, webhookDeliveries } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { resetEnvCache } from "@/lib/env";
import { demoTenant, fixedModel, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { SIGNATURE_HEADER as EVENT_SIGNATURE, verifyWebhook } from "@/lib/webhooks/signature";
import { startReceiver, waitFor } from "@/lib/webhooks/testing/receiver";
import { SIGNATURE_HEADER, signBody } from "./budget-alerts";
import { setBudgetAlerts, setTenantBudget, tenantBudgetToday } from "./tenant-budget";

const { db } = await createTestDatabase();
const OPUS = "anthropic:claude-opus-4-1";

/** Each call reports 500 input and 4,000 output tokens of Opus (0.3075 USD) and reads another order. */
function spendingModel() {
  let n = 0;
  return new MockLanguageModelV4({
    doGenerate: async (): Promise<LanguageModelV4GenerateResult> => {
      n += 1;
      return {
        content: [
          {
            type: "tool-call",
            toolCallId: `c${n}`,
            toolName: "get_order",
            // A different order each time: every result is new, so the loop guard stays out of it.
            input: JSON.stringify({ order_id: `O-50${String(n).padStart(2, "0")}` }),
          },
        ],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage: {
          inputTokens: { total: 500, noCache: 500, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 4000, text: 4000, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
}

describe("budget alerts", () => {
  it("settings: need a budget, validate, and hand out the webhook's signing secret once", async () => {
    const { tenantId } = await demoTenant(db);
    const admin = await createMember(db, { id: tenantId, name: "t" }, "admin");
    const operator = await createMember(db, { id: tenantId, name: "t" }, "operator");
    const settings = {
      alertThresholdPct: 80,
      alertWebhookUrl: "https://hooks.example.com/a",
      autoFreeze: true,
    };
    await expect(setBudgetAlerts(db, admin, settings)).rejects.toThrow(/Set a daily budget first/);
    await setTenantBudget(db, admin, { dailyBudgetUsd: 5 });
    await expect(setBudgetAlerts(db, operator, settings)).rejects.toMatchObject({ code: "forbidden" });
    await expect(setBudgetAlerts(db, admin, { ...settings, alertThresholdPct: 0 })).rejects.toThrow(
      /at least 1/,
    );
    await expect(setBudgetAlerts(db, admin, { ...settings, alertWebhookUrl: "ftp://x" })).rejects.toThrow(
      /http/,
    );
    for (const internal of [
      "http://127.0.0.1:5432/",
      "http://169.254.169.254/latest",
      "http://[::1]/",
      "http://localhost:3000/",
    ])
      await expect(setBudgetAlerts(db, admin, { ...settings, alertWebhookUrl: internal })).rejects.toThrow(
        /public address/,
      );
    const first = await setBudgetAlerts(db, admin, settings);
    expect(first.webhookSecret).toMatch(/^[\w-]{20,}$/);
    expect(
      (await setBudgetAlerts(db, admin, { ...settings, alertThresholdPct: 70 })).webhookSecret,
    ).toBeNull();
    expect(await tenantBudgetToday(db, tenantId)).toMatchObject({ alertThresholdPct: 70, autoFreeze: true });
  });

  it("crossing the threshold alerts once, with a signed webhook; using the budget up freezes the tenant", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const admin = await createMember(db, { id: tenantId, name: "t" }, "admin");
    const hook = await startReceiver();
    // The receiver listens on this host, which webhooks may reach only when allowed.
    process.env.FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE = "1";
    resetEnvCache();
    try {
      await setTenantBudget(db, admin, { dailyBudgetUsd: 2 });
      const { webhookSecret } = await setBudgetAlerts(db, admin, {
        alertThresholdPct: 20,
        alertWebhookUrl: hook.url,
        autoFreeze: true,
      });
      const engine = testEngine(db, { resolveModel: fixedModel(spendingModel()) });
      const run = await runToEnd(db, engine, operator, {
        agent: "support-triage",
        input: "Spend",
        model: OPUS,
      });
      expect(run.stopReason).toBe("budget_cost");
      await waitFor(() => hook.received.length >= 2);
      const events = hook.received.map((r) => JSON.parse(r.body).event);
      expect(events).toEqual(["budget.threshold_reached", "budget.exhausted"]);
      for (const r of hook.received)
        expect(r.headers[SIGNATURE_HEADER]).toBe(signBody(webhookSecret ?? "", r.body));
      await waitFor(async () => (await frozen(tenantId)).length > 0);
      expect(await frozen(tenantId)).toEqual([expect.objectContaining({ engagedBy: "Budget guard" })]);
      const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, tenantId));
      expect(audit.filter((a) => a.action === "budget.threshold_reached")).toHaveLength(1);
      expect((await tenantBudgetToday(db, tenantId))?.alerting).toBe(true);
    } finally {
      delete process.env.FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE;
      resetEnvCache();
      await hook.close();
    }
  });

  it("reaches the tenant's webhook receivers subscribed to budget events, signed, each once", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
    const hook = await startReceiver();
    process.env.FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE = "1";
    resetEnvCache();
    try {
      await setTenantBudget(db, admin, { dailyBudgetUsd: 2 });
      await setBudgetAlerts(db, admin, { alertThresholdPct: 20, alertWebhookUrl: null, autoFreeze: false });
      const { secret } = await createWebhookEndpoint(db, admin, {
        url: hook.url,
        events: ["budget.threshold_reached", "budget.exhausted"],
      });
      const slack = await startReceiver();
      await createWebhookEndpoint(db, admin, {
        url: slack.url,
        events: ["budget.exhausted"],
        format: "slack",
      });
      const engine = testEngine(db, { resolveModel: fixedModel(spendingModel()) });
      await runToEnd(db, engine, operator, { agent: "support-triage", input: "Spend", model: OPUS });
      // Raised off the step's path: wait until both are queued, then send what is due.
      await waitFor(
        async () =>
          (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.tenantId, tenantId)))
            .length >= 3,
      );
      while ((await deliverDueWebhooks(db, { allowPrivate: true, timeoutMs: 2_000 })) > 0);
      const bodies = hook.received.map((r) => {
        expect(verifyWebhook(secret, r.headers[EVENT_SIGNATURE] as string, r.body)).toBe(true);
        return JSON.parse(r.body);
      });
      // Sent side by side: in either order.
      expect(bodies.map((b) => b.event).sort()).toEqual(["budget.exhausted", "budget.threshold_reached"]);
      expect(bodies.find((b) => b.event === "budget.exhausted")).toMatchObject({
        tenant: { id: tenantId },
        budget: { budget_usd: 2, threshold_pct: 20, url: expect.stringContaining("/settings#budget-title") },
      });
      expect(slack.received).toHaveLength(1);
      expect(JSON.parse(slack.received[0]?.body ?? "{}").text).toContain("daily budget is used up");
      await slack.close();
    } finally {
      delete process.env.FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE;
      resetEnvCache();
      await hook.close();
    }
  });
});

const frozen = (tenantId: string) =>
  db
    .select()
    .from(killSwitches)
    .where(and(eq(killSwitches.tenantId, tenantId), eq(killSwitches.scope, "tenant")));
