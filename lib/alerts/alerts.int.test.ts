import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, auditLog, webhookDeliveries } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { insertRuns, type RunFixture } from "@/lib/metrics/testing/insert-runs";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { eventPayload } from "@/lib/webhooks/payloads";
import { slackMessage } from "@/lib/webhooks/slack-message";
import { createAlertRule, deleteAlertRule, listAlertRules, listAlerts, MAX_RULES } from "./alert-rules";
import { evaluateAlerts } from "./evaluate-alerts";

const { db } = await createTestDatabase();
const NOW = new Date("2026-11-02T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

async function tenant() {
  const { tenantId, operator } = await demoTenant(db);
  const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
  const viewer = await createMember(db, { id: tenantId, name: operator.tenantName }, "viewer");
  return { tenantId, operator, admin, viewer };
}

const runs = (n: number, f: Omit<RunFixture, "at"> & { minutesAgo: number }): RunFixture[] =>
  Array.from({ length: n }, () => ({ ...f, at: minutesAgo(f.minutesAgo) }));

describe("alert rules", () => {
  it("are an admin's to write, checked, per tenant, audited; viewers read them", async () => {
    const { admin, operator, viewer, tenantId } = await tenant();
    const rule = {
      agent: "support-triage",
      metric: "failure_rate" as const,
      threshold: 0.2,
      window_minutes: 15,
    };
    await expect(createAlertRule(db, operator, rule)).rejects.toThrow(/does not allow/);
    for (const bad of [
      { ...rule, threshold: 1.5 },
      { ...rule, threshold: 0 },
      { ...rule, window_minutes: 2 },
      { ...rule, window_minutes: 15.5 },
      { ...rule, metric: "vibes" },
      { ...rule, agent: "nobody-here" },
      { ...rule, threshold: Number.NaN },
    ])
      await expect(createAlertRule(db, admin, bad as never)).rejects.toThrow();
    const created = await createAlertRule(db, admin, rule);
    expect(created).toMatchObject({ agentName: "support-triage", minRuns: 5, createdBy: admin.label });
    expect(await listAlertRules(db, viewer)).toEqual([
      expect.objectContaining({ id: created.id, openAlerts: 0 }),
    ]);

    const other = await tenant();
    expect(await listAlertRules(db, other.admin)).toEqual([]);
    await expect(deleteAlertRule(db, other.admin, { id: created.id })).rejects.toThrow(/no such alert rule/);
    await expect(deleteAlertRule(db, admin, { id: "nope" })).rejects.toThrow(/no such alert rule/);
    await Promise.all(
      Array.from({ length: MAX_RULES + 2 }, () =>
        createAlertRule(db, admin, { ...rule, agent: null }).catch(() => null),
      ),
    );
    expect(await listAlertRules(db, admin)).toHaveLength(MAX_RULES);
    await deleteAlertRule(db, admin, { id: created.id });
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, tenantId));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["alert_rule.created", "alert_rule.deleted"]),
    );
  });
});

describe("evaluating alert rules", () => {
  it("raises once per agent when its recent runs break a rule, tells the webhooks, and clears when they recover", async () => {
    const { admin, tenantId } = await tenant();
    const hook = await createWebhookEndpoint(db, admin, {
      url: "https://hooks.example.com/alerts",
      events: ["alert.raised"],
    });
    const failing = await createAlertRule(db, admin, {
      agent: null,
      metric: "failure_rate",
      threshold: 0.25,
      window_minutes: 15,
      min_runs: 4,
    });
    const slow = await createAlertRule(db, admin, {
      agent: "ops-health",
      metric: "p95_seconds",
      threshold: 30,
      window_minutes: 60,
    });
    const costly = await createAlertRule(db, admin, {
      agent: "support-triage",
      metric: "cost_usd",
      threshold: 1,
      window_minutes: 60,
      min_runs: 1,
    });
    await insertRuns(db, tenantId, [
      // support-triage: 2 of 5 ended runs failed in the last 15 minutes (40 %); one older failure is outside.
      ...runs(3, { agent: "support-triage", status: "succeeded", cost: 0.3, seconds: 5, minutesAgo: 5 }),
      ...runs(2, { agent: "support-triage", status: "failed", cost: 0.1, seconds: 5, minutesAgo: 10 }),
      ...runs(1, { agent: "support-triage", status: "running", cost: 0.05, minutesAgo: 1 }),
      ...runs(3, { agent: "support-triage", status: "failed", cost: 0, seconds: 1, minutesAgo: 30 }),
      // ops-health: 3 failures but only 3 runs — below the rule's 4; slow, but 5 runs are needed.
      ...runs(3, { agent: "ops-health", status: "failed", cost: 0, seconds: 90, minutesAgo: 3 }),
    ]);

    expect(await evaluateAlerts(db, NOW)).toEqual({ raised: 2, cleared: 0 });
    const open = await listAlerts(db, admin, { openOnly: true });
    expect(open.map((a) => [a.ruleId, a.agentName, a.value, a.runs]).sort()).toEqual(
      [
        [failing.id, "support-triage", 0.4, 5],
        [costly.id, "support-triage", 1.15, 9],
      ].sort(),
    );
    // Evaluated again (by this or another worker): nothing new.
    expect(await evaluateAlerts(db, NOW)).toEqual({ raised: 0, cleared: 0 });
    const queued = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, hook.id));
    expect(queued.map((d) => d.event)).toEqual(["alert.raised", "alert.raised"]);

    const failure = open.find((a) => a.ruleId === failing.id);
    const body = await eventPayload(db, {
      id: "d",
      tenantId,
      event: "alert.raised",
      subjectId: failure?.id ?? "",
    });
    expect(body).toMatchObject({
      alert: {
        agent: "support-triage",
        metric: "failure_rate",
        value: 0.4,
        threshold: 0.25,
        description: "failure rate 40 % over the last 15 min (5 runs), above 25 %",
        url: expect.stringMatching(/\/runs\?agent=support-triage$/),
      },
    });
    expect(slackMessage("alert.raised", body ?? {}).text).toMatch(
      /^:warning: \*support-triage\*: failure rate 40 % over the last 15 min/,
    );

    // ops-health gets slower and more runs: its p95 rule now has enough of them.
    await insertRuns(
      db,
      tenantId,
      runs(2, { agent: "ops-health", status: "succeeded", cost: 0, seconds: 60, minutesAgo: 2 }),
    );
    expect(await evaluateAlerts(db, NOW)).toEqual({ raised: 2, cleared: 0 });
    expect((await listAlerts(db, admin, { openOnly: true })).map((a) => a.ruleId)).toContain(slow.id);

    // An hour later every window is empty: all clear, kept as history.
    const later = new Date(NOW.getTime() + 61 * 60_000);
    expect(await evaluateAlerts(db, later)).toEqual({ raised: 0, cleared: 4 });
    expect(await listAlerts(db, admin, { openOnly: true })).toEqual([]);
    const history = await db.select().from(alerts).where(eq(alerts.tenantId, tenantId));
    expect(history.every((a) => a.clearedAt?.getTime() === later.getTime())).toBe(true);
    expect((await listAlertRules(db, admin)).every((r) => r.openAlerts === 0)).toBe(true);

    const other = await tenant();
    expect(await listAlerts(db, other.admin)).toEqual([]);
  });
});
