import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { runAction } from "@/lib/http/server-action";

// The page that sends the form, as a browser says it.
vi.mock("next/headers", () => ({ headers: async () => new Headers({ origin: "http://localhost:3000" }) }));

import { demoFlakyMode } from "@/lib/tools/demo/flaky";
import { getDemoShopSettings, setDemoShopSettings } from "./demo-shop-settings";
import { seedDemoBusiness } from "./seed-demo";

const { db } = await createTestDatabase();

const flaky = { healthy: true, detail: "all checks passing", flakyPercent: 25 };

async function shop() {
  const tenant = await createTenant(db);
  await seedDemoBusiness(db, tenant.id);
  return { tenant, admin: await createMember(db, tenant, "admin") };
}

describe("demo shop settings", () => {
  it("are read only for a tenant with a demo shop", async () => {
    const { tenant } = await shop();
    expect(await getDemoShopSettings(db, tenant.id)).toEqual({
      healthy: true,
      detail: "all checks passing",
      flakyPercent: 0,
    });
    const bare = await createTenant(db);
    expect(await getDemoShopSettings(db, bare.id)).toBeNull();
    await expect(setDemoShopSettings(db, await createMember(db, bare, "admin"), flaky)).rejects.toMatchObject(
      {
        code: "not_found",
      },
    );
  });

  it("are switched by admins only: viewers and operators are forbidden", async () => {
    const { tenant } = await shop();
    for (const role of ["viewer", "operator"] as const) {
      const result = await runAction(async () =>
        setDemoShopSettings(db, await createMember(db, tenant, role), flaky),
      );
      expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect(await getDemoShopSettings(db, tenant.id)).toMatchObject({ flakyPercent: 0 });
  });

  it("reject a flaky share outside 0–100 or not whole, and an empty detail", async () => {
    const { tenant, admin } = await shop();
    for (const flakyPercent of [-1, 101, 12.5, Number.NaN]) {
      const result = await runAction(() => setDemoShopSettings(db, admin, { ...flaky, flakyPercent }));
      expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", field: "flakyPercent" } });
    }
    const result = await runAction(() => setDemoShopSettings(db, admin, { ...flaky, detail: "  " }));
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", field: "detail" } });
    expect(await getDemoShopSettings(db, tenant.id)).toMatchObject({ flakyPercent: 0 });
  });

  it("an admin sets health and flaky mode, audited as demo_shop.updated; the tools see it at once", async () => {
    const { tenant, admin } = await shop();
    const ctx = { db, tenantId: tenant.id };
    await demoFlakyMode.check(ctx, "get_order"); // caches 0 %
    await setDemoShopSettings(db, admin, { healthy: false, detail: " disk full ", flakyPercent: 100 });
    expect(await getDemoShopSettings(db, tenant.id)).toEqual({
      healthy: false,
      detail: "disk full",
      flakyPercent: 100,
    });
    await expect(demoFlakyMode.check(ctx, "get_order")).rejects.toThrow(/flaky mode/);
    await setDemoShopSettings(db, admin, { healthy: false, detail: "disk full", flakyPercent: 0 });
    await demoFlakyMode.check(ctx, "get_order");
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "demo_shop.updated")))
      .orderBy(auditLog.id);
    expect(audit.map((a) => a.details)).toEqual([
      {
        healthy: { from: true, to: false },
        detail: { from: "all checks passing", to: "disk full" },
        flakyPercent: { from: 0, to: 100 },
      },
      { flakyPercent: { from: 100, to: 0 } },
    ]);
  });
});
