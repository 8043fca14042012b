import { describe, expect, it } from "vitest";
import { redactionRules, tenantBudgets, tenantSpendDays } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { AppError } from "@/lib/errors";
import * as home from "./home";
import * as homeRuns from "./home-runs";
import { insertRuns, type RunFixture } from "./testing/insert-runs";
import { priced, sum } from "./testing/metrics-scenario";

const { db } = await createTestDatabase();
// Five minutes after UTC midnight: a calendar "today" would hold almost nothing.
const NOW = new Date("2026-03-10T00:05:00Z");
const T = "support-triage";
const done = { seconds: 5 };

// The last 24 hours, across UTC midnight, plus runs just either side of the window that must not count.
const WINDOW: RunFixture[] = [
  { agent: T, status: "failed", stopReason: "tool_failed", cost: 0.5, at: "2026-03-09T01:05:00Z", ...done },
  { agent: T, status: "succeeded", stopReason: "completed", cost: 2, at: "2026-03-09T09:10:00Z", ...done },
  {
    agent: T,
    status: "succeeded",
    stopReason: "completed",
    cost: null,
    at: "2026-03-09T10:00:00Z",
    input: "Resolve ticket T-1010 and email maria.lopez@example.com",
    securityAttempts: 2,
    ...done,
  },
  {
    agent: T,
    status: "succeeded",
    stopReason: "completed",
    cost: 1,
    at: "2026-03-09T11:00:00Z",
    invalidCalls: 1,
    ...done,
  },
  { agent: T, status: "stopped", stopReason: "escalated", cost: 4, at: "2026-03-09T12:00:00Z", ...done },
  { agent: T, status: "running", cost: 0.25, at: "2026-03-09T22:00:00Z" },
  { agent: T, status: "waiting_approval", cost: 3, at: "2026-03-09T23:00:00Z" },
  // The kill twelve minutes before midnight that a calendar day lost just after it.
  { agent: T, status: "killed", stopReason: "killed", cost: 1.5, at: "2026-03-09T23:40:00Z", seconds: 480 },
];
const OUTSIDE: RunFixture[] = [
  { agent: T, status: "failed", stopReason: "tool_failed", cost: 99, at: "2026-03-08T23:05:00Z", ...done },
  { agent: T, status: "running", cost: 7, at: "2026-03-10T01:00:00Z" },
];

const tenant = await createTenant(db);
await seedDemoBusiness(db, tenant.id);
const viewer = await createMember(db, tenant, "viewer");
const operator = await createMember(db, tenant, "operator");
const ids = await insertRuns(db, tenant.id, [...WINDOW, ...OUTSIDE]);
const inWindow = WINDOW.map((f, i) => ({ ...f, id: ids[i] as string }));
const other = await createTenant(db);
await seedDemoBusiness(db, other.id);
const stranger = await createMember(db, other, "viewer");
await insertRuns(db, other.id, [
  { agent: T, status: "failed", stopReason: "tool_failed", cost: 50, at: "2026-03-09T13:00:00Z", ...done },
]);

const count = (...statuses: string[]) => inWindow.filter((f) => statuses.includes(f.status)).length;

describe("home dashboard", () => {
  it("counts the last 24 hours' runs by status, with refused calls and rates over finished runs", async () => {
    const s = await home.getHomeSummary(db, viewer, NOW);
    const finished = count("succeeded", "failed", "stopped", "killed");
    expect(s).toEqual({
      window: { since: "2026-03-09T00:05:00.000Z", until: "2026-03-10T00:05:00.000Z" },
      started: inWindow.length,
      running: count("running"),
      waiting: count("waiting_approval"),
      succeeded: count("succeeded"),
      unsuccessful: count("failed", "stopped", "killed"),
      finished,
      escalated: 1,
      spendUsd: sum(priced(inWindow)),
      unpricedRuns: 1,
      flagged: 1,
      refused: 2,
      succeededRefused: 2,
      successRate: count("succeeded") / finished,
      escalationRate: 1 / finished,
    });
    const dayBefore = await home.getHomeSummary(db, viewer, new Date("2026-03-09T00:00:00Z"));
    expect(dayBefore).toMatchObject({ started: 1, finished: 1, spendUsd: 99, successRate: 0 });
    const empty = await home.getHomeSummary(db, viewer, new Date("2026-03-01T12:00:00Z"));
    expect(empty).toMatchObject({ started: 0, spendUsd: 0, successRate: null, escalationRate: null });
  });

  it("reads the daily budget against today's (UTC) ledger, and null without a budget", async () => {
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
    // A budget is per UTC day by design: five minutes past midnight, yesterday's 30 no longer count.
    expect(await home.getHomeBudget(db, viewer, NOW)).toEqual({
      budgetUsd: 40,
      spentUsd: 10,
      reservedUsd: 1.5,
      ratio: 10 / 40,
    });
    expect(await home.getHomeBudget(db, stranger, NOW)).toBeNull();
  });

  it("lists the five most expensive runs of the window", async () => {
    const top = await homeRuns.getHomeTopRuns(db, viewer, NOW);
    const byCost = inWindow.filter((f) => f.cost !== null).sort((a, b) => (b.cost ?? 0) - (a.cost ?? 0));
    expect(top.map((r) => r.id)).toEqual(byCost.slice(0, 5).map((f) => f.id));
    expect(top.map((r) => r.costUsd)).toEqual([4, 3, 2, 1.5, 1]);
  });

  it("lists the window's runs still going, newest first, and none that ended or started outside it", async () => {
    const live = await homeRuns.getHomeLiveRuns(db, viewer, NOW);
    expect(live.map((r) => [r.status, r.createdAt, r.endedAt])).toEqual([
      ["waiting_approval", "2026-03-09T23:00:00Z", null],
      ["running", "2026-03-09T22:00:00Z", null],
    ]);
  });

  it("lists recent problems across UTC midnight: 23 hours ago is in, 25 hours ago is out", async () => {
    const problems = await homeRuns.getHomeProblemRuns(db, viewer, NOW, 10);
    const at = problems.map((r) => r.createdAt);
    expect(at).toEqual([
      "2026-03-09T23:40:00Z", // killed 25 minutes before now, before midnight
      "2026-03-09T12:00:00Z", // stopped
      "2026-03-09T11:00:00Z", // succeeded with an invalid call
      "2026-03-09T10:00:00Z", // succeeded with two refused calls
      "2026-03-09T01:05:00Z", // failed 23 hours ago
    ]);
    expect(at).not.toContain("2026-03-08T23:05:00Z");
    expect(problems[0]).toMatchObject({
      status: "killed",
      stopReason: "killed",
      goal: "fixture",
      endedAt: "2026-03-09T23:48:00Z",
    });
    expect(problems[3]).toMatchObject({ status: "succeeded", securityAttempts: 2, invalidCalls: 0 });
    expect(problems[2]).toMatchObject({ status: "succeeded", securityAttempts: 0, invalidCalls: 1 });
    // An hour later the failure of 23 hours ago has left the window; the kill has not.
    const later = await homeRuns.getHomeProblemRuns(db, viewer, new Date("2026-03-10T01:30:00Z"), 10);
    expect(later.map((r) => r.createdAt)).toEqual(at.slice(0, 4));
  });

  it("passes the goals through the tenant's redaction rules for a viewer, not an operator", async () => {
    await db
      .insert(redactionRules)
      .values({ tenantId: tenant.id, types: ["email"], patterns: [], updatedBy: "test" });
    const goal = (runs: homeRuns.HomeRun[]) => runs.find((r) => r.securityAttempts === 2)?.goal;
    expect(goal(await homeRuns.getHomeProblemRuns(db, operator, NOW))).toContain("maria.lopez@example.com");
    expect(goal(await homeRuns.getHomeProblemRuns(db, viewer, NOW))).not.toContain("maria.lopez");
  });

  it("counts runs per UTC hour the window touches, zero-filled", async () => {
    const hours = await homeRuns.getHomeRunsPerHour(db, viewer, NOW);
    expect(hours).toHaveLength(25);
    expect(hours[0]?.hour).toBe("00:00");
    expect(hours.at(-1)?.hour).toBe("00:00");
    const at = (h: string) => hours.filter((x) => x.hour === h).reduce((n, x) => n + x.runs, 0);
    expect(at("23:00")).toBe(2);
    expect(at("01:00")).toBe(1);
    expect(sum(hours.map((h) => h.runs))).toBe(inWindow.length);
  });

  it("never sees another tenant, and needs dashboards:read", async () => {
    const theirs = await home.getHome(db, stranger, NOW);
    expect(theirs.summary).toMatchObject({ started: 1, unsuccessful: 1, spendUsd: 50 });
    expect(theirs.topRuns).toHaveLength(1);
    expect(theirs.problems.map((r) => r.costUsd)).toEqual([50]);
    const noRole = { ...viewer, role: "nobody" as never };
    await expect(home.getHome(db, noRole, NOW)).rejects.toBeInstanceOf(AppError);
  });
});
