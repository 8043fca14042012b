import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { evalSuiteRuns, tenantSpendDays } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { setTenantBudget } from "@/lib/budgets/tenant-budget";
import { utcToday } from "@/lib/day";
import { SUITE_FORMAT } from "./case-schema";
import { MAX_ACTIVE_SUITE_RUNS, queueSuiteRun } from "./queue-suite-run";
import { importSuite } from "./suite-store";

const { db } = await createTestDatabase();

async function tenantWithSuite() {
  const tenant = await createTenant(db);
  const admin = await createMember(db, tenant, "admin");
  const operator = await createMember(db, tenant, "operator");
  await importSuite(db, operator, {
    format: SUITE_FORMAT,
    name: "limits",
    cases: [{ name: "c", agent: { name: "support-triage" }, goal: "Resolve ticket T-1001.", expect: {} }],
  });
  return { tenant, admin, operator };
}

describe("queueing suite runs", () => {
  it("holds a tenant to its share of the shared workers, even when requests race for the last place", async () => {
    const { operator } = await tenantWithSuite();
    await queueSuiteRun(db, operator, "limits", {});
    const racing = await Promise.allSettled(
      Array.from({ length: 4 }, () => queueSuiteRun(db, operator, "limits", {})),
    );
    expect(racing.filter((r) => r.status === "fulfilled")).toHaveLength(MAX_ACTIVE_SUITE_RUNS - 1);
    for (const refused of racing.filter((r) => r.status === "rejected"))
      expect(refused.reason).toMatchObject({
        code: "conflict",
        message: expect.stringContaining("queued or running"),
      });
    // Once one has finished there is room again; another tenant was never held back.
    const [first] = await db
      .select()
      .from(evalSuiteRuns)
      .where(eq(evalSuiteRuns.tenantId, operator.tenantId));
    await db
      .update(evalSuiteRuns)
      .set({ status: "finished" })
      .where(eq(evalSuiteRuns.id, first?.id ?? ""));
    await queueSuiteRun(db, operator, "limits", {});
    const other = await tenantWithSuite();
    await queueSuiteRun(db, other.operator, "limits", {});
  });

  it("queues nothing once today's budget is spent: a suite's cases call models for real", async () => {
    const { tenant, admin, operator } = await tenantWithSuite();
    await setTenantBudget(db, admin, { dailyBudgetUsd: 2 });
    await db
      .insert(tenantSpendDays)
      .values({ tenantId: tenant.id, day: utcToday(), spentUsd: 2 })
      .onConflictDoUpdate({ target: [tenantSpendDays.tenantId, tenantSpendDays.day], set: { spentUsd: 2 } });
    await expect(queueSuiteRun(db, operator, "limits", {})).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("budget of $2.00 is spent"),
    });
  });
});
