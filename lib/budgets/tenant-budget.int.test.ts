import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { auditLog, tenantBudgets } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { setTenantBudget, tenantBudgetToday } from "./tenant-budget";
import { BUDGET_PRESENCE_CACHE_MS, releaseTenantSpend, reserveTenantSpend } from "./tenant-ledger";

const database = await createTestDatabase();
const { db } = database;

describe("tenant daily budget", () => {
  it("is set and removed by admins only, audited as budget.updated", async () => {
    const tenant = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    const operator = await createMember(db, tenant, "operator");
    await expect(setTenantBudget(db, operator, { dailyBudgetUsd: 5 })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(setTenantBudget(db, admin, { dailyBudgetUsd: -1 })).rejects.toThrow(/cannot be negative/);
    expect(await tenantBudgetToday(db, tenant.id)).toBeNull();
    await setTenantBudget(db, admin, { dailyBudgetUsd: 5 });
    expect(await tenantBudgetToday(db, tenant.id)).toMatchObject({
      budgetUsd: 5,
      spentUsd: 0,
      reservedUsd: 0,
    });
    await setTenantBudget(db, admin, { dailyBudgetUsd: null });
    expect(await tenantBudgetToday(db, tenant.id)).toBeNull();
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "budget.updated")));
    expect(audit.map((a) => a.details)).toEqual([
      { dailyBudgetUsd: { from: null, to: 5 }, spentTodayUsd: 0 },
      { dailyBudgetUsd: { from: 5, to: null } },
    ]);
  });

  it("set in the middle of a day, starts from what the tenant already spent that day", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
    const runs = [];
    for (let i = 0; i < 2; i++)
      runs.push(
        await runToEnd(db, testEngine(db), operator, {
          agent: "ops-health",
          input: "Check the app's health",
        }),
      );
    const spent = runs.reduce((sum, run) => sum + (run.costUsd ?? 0), 0);
    expect(spent).toBeGreaterThan(0);
    await setTenantBudget(db, admin, { dailyBudgetUsd: spent * 1.5 });
    const today = await tenantBudgetToday(db, tenantId);
    expect(today?.spentUsd).toBeCloseTo(spent, 6);
    // Only what is left of the budget can be reserved.
    expect(await reserveTenantSpend(database.sql, tenantId, spent)).toMatchObject({ status: "refused" });
    expect(await reserveTenantSpend(database.sql, tenantId, spent * 0.4)).toMatchObject({
      status: "reserved",
    });
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, "budget.updated")));
    expect((entry?.details as { spentTodayUsd?: number } | undefined)?.spentTodayUsd).toBeCloseTo(spent, 6);
  });

  it("reserves atomically: concurrent reservations never pass the budget together", async () => {
    const tenant = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    expect(await reserveTenantSpend(database.sql, tenant.id, 1)).toEqual({ status: "unbudgeted" });
    await setTenantBudget(db, admin, { dailyBudgetUsd: 1 });
    const results = await Promise.all(
      Array.from({ length: 40 }, () => reserveTenantSpend(database.sql, tenant.id, 0.1)),
    );
    const reserved = results.filter((r) => r.status === "reserved");
    expect(reserved).toHaveLength(10);
    expect(results.filter((r) => r.status === "refused")).toHaveLength(30);
    for (const r of reserved)
      if (r.status === "reserved") await releaseTenantSpend(database.sql, tenant.id, { ...r, tokens: 0 });
    expect(await tenantBudgetToday(db, tenant.id)).toMatchObject({ reservedUsd: 0, spentUsd: 0 });
  });

  it("set by another process (a separate worker's view), applies here within the presence cache period", async () => {
    const tenant = await createTenant(db);
    expect(await reserveTenantSpend(database.sql, tenant.id, 1)).toEqual({ status: "unbudgeted" });
    // Written without going through this process, which has not heard of it yet.
    await db
      .insert(tenantBudgets)
      .values({ tenantId: tenant.id, dailyBudgetUsd: 0.5, updatedBy: "elsewhere" });
    expect(await reserveTenantSpend(database.sql, tenant.id, 1)).toEqual({ status: "unbudgeted" });
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + BUDGET_PRESENCE_CACHE_MS);
      expect(await reserveTenantSpend(database.sql, tenant.id, 1)).toMatchObject({ status: "refused" });
      expect(await reserveTenantSpend(database.sql, tenant.id, 0.25)).toMatchObject({ status: "reserved" });
    } finally {
      vi.useRealTimers();
    }
  });
});
