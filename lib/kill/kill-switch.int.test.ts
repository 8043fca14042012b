import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, runs } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { resetEnvCache } from "@/lib/env";
import { startRun } from "@/lib/runs/start-run";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { engageKillSwitch } from "./engage-kill-switch";
import { activeBannerSwitches } from "./queries";
import { releaseKillSwitch } from "./release-kill-switch";

const { db } = await createTestDatabase();

const statusOf = async (id: string) => (await db.select().from(runs).where(eq(runs.id, id)))[0]?.status;

describe("kill switches", () => {
  it("freezing a tenant holds its queued runs, refuses new ones, and Unfreeze resumes them; all audited", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const queued = await startRun(db, operator, { agent: "ops-health", input: "Check" });
    const { killedQueued } = await engageKillSwitch(db, operator, { scope: "tenant", reason: "incident 42" });
    expect(killedQueued).toBe(1);
    const [run] = await db.select().from(runs).where(eq(runs.id, queued.id));
    expect(run).toMatchObject({ status: "paused", stopReason: null, endedAt: null });
    await expect(startRun(db, operator, { agent: "ops-health", input: "Check" })).rejects.toThrow(
      /is frozen by/,
    );
    expect((await activeBannerSwitches(db, tenantId)).map((s) => s.scope)).toEqual(["tenant"]);
    await expect(engageKillSwitch(db, operator, { scope: "tenant", reason: "again" })).rejects.toMatchObject({
      code: "conflict",
    });

    await releaseKillSwitch(db, operator, { scope: "tenant", reason: "resolved" });
    expect(await activeBannerSwitches(db, tenantId)).toEqual([]);
    expect(await statusOf(queued.id)).toBe("queued");
    expect(await statusOf((await startRun(db, operator, { agent: "ops-health", input: "Check" })).id)).toBe(
      "queued",
    );
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId)))
      .orderBy(desc(auditLog.id));
    expect(audit.slice(0, 2).map((a) => [a.action, a.actorLabel, a.details.reason])).toEqual([
      ["kill.released", operator.label, "resolved"],
      ["kill.engaged", operator.label, "incident 42"],
    ]);
  });

  it("checks scopes and tenants: viewers cannot stop, operators cannot stop everything, strangers see nothing", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const tenant = { id: tenantId, name: operator.tenantName };
    const viewer = await createMember(db, tenant, "viewer");
    const run = await startRun(db, operator, { agent: "ops-health", input: "Check" });
    await expect(
      engageKillSwitch(db, viewer, { scope: "run", target: run.id, reason: "nope" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      engageKillSwitch(db, operator, { scope: "global", reason: "everything" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const stranger = await createMember(db, await createTenant(db), "admin");
    await expect(
      engageKillSwitch(db, stranger, { scope: "run", target: run.id, reason: "theirs" }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      releaseKillSwitch(db, operator, { scope: "agent", target: "ops-health" }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await engageKillSwitch(db, operator, { scope: "run", target: run.id, reason: "stop this one" });
    expect(await statusOf(run.id)).toBe("killed");
  });

  it("an emergency stop belongs to a deployment operator, refuses runs in every tenant, and is audited in each without names", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
    const platform = {
      ...(await createMember(db, { id: tenantId, name: operator.tenantName }, "viewer")),
      addressTrusted: true,
    };
    process.env.FLIGHTDECK_PLATFORM_ADMINS = ` ${platform.label.toUpperCase()} , someone@else.test`;
    resetEnvCache();
    const other = await demoTenant(db);
    const queuedElsewhere = await startRun(db, other.operator, { agent: "ops-health", input: "Check" });
    try {
      // A tenant's own admin stops at most that tenant.
      await expect(
        engageKillSwitch(db, admin, { scope: "global", reason: "provider leak" }),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
      // The configured address alone is not enough: an account under it whose owner never proved it is refused.
      await expect(
        engageKillSwitch(
          db,
          { ...platform, addressTrusted: false },
          { scope: "global", reason: "provider leak" },
        ),
      ).rejects.toMatchObject({ code: "forbidden" });
      await engageKillSwitch(db, platform, { scope: "global", reason: "provider leak" });
      expect(await statusOf(queuedElsewhere.id)).toBe("killed");
      await expect(startRun(db, other.operator, { agent: "ops-health", input: "Check" })).rejects.toThrow(
        "All agents are stopped (emergency stop) by Platform operator: provider leak",
      );
      expect((await activeBannerSwitches(db, other.tenantId)).map((s) => s.scope)).toEqual(["global"]);
      await expect(releaseKillSwitch(db, admin, { scope: "global" })).rejects.toMatchObject({
        code: "forbidden",
      });
      const [entry] = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, other.tenantId), eq(auditLog.action, "kill.engaged")));
      expect(entry).toMatchObject({
        actorLabel: "Platform operator",
        details: { scope: "global", reason: "provider leak" },
      });
      expect(JSON.stringify(entry)).not.toContain(platform.label);
    } finally {
      await releaseKillSwitch(db, platform, { scope: "global", reason: "contained" });
      delete process.env.FLIGHTDECK_PLATFORM_ADMINS;
      resetEnvCache();
    }
    const released = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, other.tenantId), eq(auditLog.action, "kill.released")));
    expect(released).toHaveLength(1);
    expect(
      await statusOf((await startRun(db, other.operator, { agent: "ops-health", input: "Check" })).id),
    ).toBe("queued");
  });
});
