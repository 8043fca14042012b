import { describe, expect, it } from "vitest";
import { tenantBudgets, tenantSpendDays } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { AppError } from "@/lib/errors";
import * as home from "./home";
import { insertRuns, type RunFixture } from "./testing/insert-runs";
import { priced, sum } from "./testing/metrics-scenario";

const { db } = await createTestDatabase();
const NOW = new Date("2026-03-10T15:30:00Z");
const T = "support-triage";
const done = { seconds: 5 };

// Today (2026-03-10, UTC) plus runs just either side of the day that must not count.
const TODAY: RunFixture[] = [
  { agent: T, status: "succeeded", stopReason: "completed", cost: 2, at: "2026-03-10T00:00:00Z", ...done },
  { agent: T, status: "succeeded", stopReason: "completed", cost: null, at: "2026-03-10T09:10:00Z", ...done },
  { agent: T, status: "failed", stopReason: "tool_failed", cost: 0.5, at: "2026-03-10T09:20:00Z", ...done },
  { agent: T, status: "stopped", stopReason: "escalated", cost: 4, at: "2026-03-10T11:00:00Z", ...done },
  { agent: T, status: "killed", stopReason: "killed", cost: 1, at: "2026-03-10T12:00:00Z", ...done },
  { agent: T, status: "running", cost: 0.25, at: "2026-03-10T15:00:00Z" },
  { agent: T, status: "waiting_approval", cost: 3, at: "2026-03-10T15:10:00Z" },
];
const OUTSIDE: RunFixture[] = [
  { agent: T, status: "failed", stopReason: "tool_failed", cost: 99, at: "2026-03-09T23:59:59Z", ...done },
  { agent: T, status: "running", cost: 7, at: "2026-03-11T00:00:00Z" },
];

const tenant = await createTenant(db);
await seedDemoBusiness(db, tenant.id);
const viewer = await createMember(db, tenant, "viewer");
const ids = await insertRuns(db, tenant.id, [...TODAY, ...OUTSIDE]);
const today = TODAY.map((f, i) => ({ ...f, id: ids[i] as string }));
const other = await createTenant(db);
await seedDemoBusiness(db, other.id);
const stranger = await createMember(db, other, "viewer");
await insertRuns(db, other.id, [
  { agent: T, status: "failed", stopReason: "tool_failed", cost: 50, at: "2026-03-10T13:00:00Z", ...done },
]);

const count = (...statuses: string[]) => today.filter((f) => statuses.includes(f.status)).length;

describe("home dashboard", () => {
  it("counts today's runs by status, with success and escalation rates over finished runs", async () => {
    const s = await home.getHomeSummary(db, viewer, NOW);
    const finished = count("succeeded", "failed", "stopped", "killed");
    expect(s).toEqual({
      day: "2026-03-10",
      started: today.length,
      running: count("running"),
      waiting: count("waiting_approval"),
      succeeded: count("succeeded"),
      unsuccessful: count("failed", "stopped", "killed"),
      finished,
      escalated: 1,
      spendUsd: sum(priced(today)),
      unpricedRuns: 1,
      flagged: 0,
      successRate: count("succeeded") / finished,
      escalationRate: 1 / finished,
    });
    const yesterday = await home.getHomeSummary(db, viewer, new Date("2026-03-09T12:00:00Z"));
    expect(yesterday).toMatchObject({ started: 1, finished: 1, spendUsd: 99, successRate: 0 });
    const empty = await home.getHomeSummary(db, viewer, new Date("2026-03-01T12:00:00Z"));
    expect(empty).toMatchObject({ started: 0, spendUsd: 0, successRate: null, escalationRate: null });
  });

  it("reads the daily budget against today's ledger, and null without a budget", async () => {
    expect(await home.getHomeBudget(db, viewer, NOW)).toBeNull();
    await db.insert(tenantBudgets).values({ tenantId: tenant.id, dailyBudgetUsd: 40, updatedBy: "test" });
    expect(await home.getHomeBudget(db, viewer, NOW)).toEqual({
      budgetUsd: 40,
      spentUsd: 0,
      reservedUsd: 0,
      ratio: 0,
    });
    await db.insert(tenantSpendDays).values([
      { tenantId: tenant.id, day: "2026-03-10", spentUsd: 10, reservedUsd: 1.5 },
      { tenantId: tenant.id, day: "2026-03-09", spentUsd: 30 },
    ]);
    expect(await home.getHomeBudget(db, viewer, NOW)).toEqual({
      budgetUsd: 40,
      spentUsd: 10,
      reservedUsd: 1.5,
      ratio: 10 / 40,
    });
    expect(await home.getHomeBudget(db, stranger, NOW)).toBeNull();
  });

  it("lists today's five most expensive runs and five most recent failures", async () => {
    const top = await home.getHomeTopRuns(db, viewer, NOW);
    const byCost = today.filter((f) => f.cost !== null).sort((a, b) => (b.cost ?? 0) - (a.cost ?? 0));
    expect(top.map((r) => r.id)).toEqual(byCost.slice(0, 5).map((f) => f.id));
    expect(top.map((r) => r.costUsd)).toEqual([4, 3, 2, 1, 0.5]);
    const failed = await home.getHomeFailedRuns(db, viewer, NOW);
    const expected = today.filter((f) => ["failed", "stopped", "killed"].includes(f.status)).reverse();
    expect(failed.map((r) => r.id)).toEqual(expected.map((f) => f.id));
    expect(failed[0]).toMatchObject({ status: "killed", createdAt: "2026-03-10T12:00:00Z" });
  });

  it("counts runs per UTC hour, zero-filled", async () => {
    const hours = await home.getHomeRunsPerHour(db, viewer, NOW);
    const expected = Array.from(
      { length: 24 },
      (_, h) => today.filter((f) => Number(f.at.slice(11, 13)) === h).length,
    );
    expect(hours).toEqual(expected);
    expect(sum(hours)).toBe(today.length);
  });

  it("never sees another tenant, and needs dashboards:read", async () => {
    const theirs = await home.getHome(db, stranger, NOW);
    expect(theirs.summary).toMatchObject({ started: 1, unsuccessful: 1, spendUsd: 50 });
    expect(theirs.topRuns).toHaveLength(1);
    expect(theirs.failedRuns.map((r) => r.costUsd)).toEqual([50]);
    const noRole = { ...viewer, role: "nobody" as never };
    await expect(home.getHome(db, noRole, NOW)).rejects.toBeInstanceOf(AppError);
  });
});
