import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { demoHealth } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import type { Scope } from "@/lib/auth/scopes";
import { AppError } from "@/lib/errors";
import { demoFlakyMode } from "@/lib/tools/demo/flaky";

/** The demo shop is the agents' test bench: switching its faults is an admin's change, like editing agents. */
export const DEMO_SHOP_SCOPE: Scope = "agents:write";

export type DemoShopSettings = { healthy: boolean; detail: string; flakyPercent: number };

/** The demo shop's health switch and flaky mode, or null when the tenant has no demo shop. */
export async function getDemoShopSettings(db: DbOrTx, tenantId: string): Promise<DemoShopSettings | null> {
  const [row] = await db
    .select({ healthy: demoHealth.healthy, detail: demoHealth.detail, flakyPercent: demoHealth.flakyPercent })
    .from(demoHealth)
    .where(eq(demoHealth.tenantId, tenantId));
  return row ?? null;
}

export const setDemoShopSettingsSchema = z.object({
  healthy: z.boolean({ error: "Choose healthy or unhealthy." }),
  detail: z
    .string()
    .trim()
    .min(1, "Describe the health state (the health endpoint shows it).")
    .max(200, "Keep the detail under 200 characters."),
  flakyPercent: z
    .number({ error: "The flaky share must be a whole number from 0 to 100." })
    .int("The flaky share must be a whole number from 0 to 100.")
    .min(0, "The flaky share must be a whole number from 0 to 100.")
    .max(100, "The flaky share must be a whole number from 0 to 100."),
});

/** Switches the demo shop's health and flaky mode; audited as `demo_shop.updated` with what changed. */
export async function setDemoShopSettings(
  db: Db,
  actor: Actor,
  input: z.input<typeof setDemoShopSettingsSchema>,
): Promise<DemoShopSettings> {
  assertScope(actor, DEMO_SHOP_SCOPE);
  const next = setDemoShopSettingsSchema.parse(input);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        healthy: demoHealth.healthy,
        detail: demoHealth.detail,
        flakyPercent: demoHealth.flakyPercent,
      })
      .from(demoHealth)
      .where(eq(demoHealth.tenantId, actor.tenantId))
      .for("update");
    if (!before) throw new AppError("not_found", "This tenant has no demo shop.");
    await tx
      .update(demoHealth)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(demoHealth.tenantId, actor.tenantId));
    const changes = Object.fromEntries(
      (Object.keys(next) as (keyof DemoShopSettings)[])
        .filter((key) => before[key] !== next[key])
        .map((key) => [key, { from: before[key], to: next[key] }]),
    );
    await recordAudit(tx, actor, {
      action: "demo_shop.updated",
      targetType: "tenant",
      targetId: actor.tenantId,
      details: changes,
    });
  });
  // This process sees the new flaky share at once; other processes within the cache period.
  demoFlakyMode.forget(actor.tenantId);
  return next;
}
